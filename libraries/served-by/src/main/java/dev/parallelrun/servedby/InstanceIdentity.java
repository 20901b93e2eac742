package dev.parallelrun.servedby;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Who this instance is: the service (the version a canary release moves users between), the build version, the
 * instance, and the node it runs on when a cluster says so ({@code null} otherwise). {@link #servedBy()} is what every response carries in {@code X-Served-By}, e.g. {@code monolith-v2/3f2a9c}.
 */
public record InstanceIdentity(String service, String version, String instance, String node) {

    public static final String HEADER = "X-Served-By";

    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

    public String servedBy() {
        return service + "/" + instance;
    }

    /** A container's id (Docker's {@code HOSTNAME}) shortened to 6 characters; otherwise 6 random hex digits. */
    static String instanceFrom(String hostname) {
        if (hostname != null && CONTAINER_ID.matcher(hostname).matches()) {
            return hostname.substring(0, 6);
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
