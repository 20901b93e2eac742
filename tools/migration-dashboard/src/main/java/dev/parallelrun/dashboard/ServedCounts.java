package dev.parallelrun.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The requests each version and each of its instances served. Docker's DNS answers a version's name with every
 * running instance (replicas answer it too, as a network alias); each answers its own count and its version's
 * ({@code GET /inventory}, which may lag a second).
 */
class ServedCounts {

    /** One running instance: its id and what it served since it started. */
    record Instance(String instance, long served) {
    }

    /**
     * A version with at least one instance running.
     *
     * @param served what every instance the version ever ran served
     */
    record Version(String version, String build, long served, List<Instance> instances) {
    }

    private final PartClient parts;
    private final List<String> versions;
    private final int port;

    ServedCounts(PartClient parts, List<String> versions, int port) {
        this.parts = parts;
        this.versions = versions;
        this.port = port;
    }

    /** The versions running now, in the order configured; empty when none is. */
    List<Version> read() {
        List<Version> running = new ArrayList<>();
        for (String version : versions) {
            List<JsonNode> answers = new ArrayList<>();
            for (InetAddress address : addresses(version)) {
                parts.probe(URI.create("http://" + address.getHostAddress() + ":" + port + "/inventory"))
                        .ifPresent(answers::add);
            }
            if (answers.isEmpty()) {
                continue;
            }
            List<Instance> instances = answers.stream()
                    .map(answer -> new Instance(answer.path("instance").asString(), answer.path("served").asLong()))
                    .sorted(Comparator.comparing(Instance::instance)).toList();
            long served = answers.stream().mapToLong(answer -> answer.path("cluster").path("served").asLong())
                    .max().orElse(0);
            running.add(new Version(version, answers.get(0).path("version").asString(), served, instances));
        }
        return running;
    }

    private static List<InetAddress> addresses(String name) {
        try {
            return List.of(InetAddress.getAllByName(name));
        }
        catch (UnknownHostException noneRunning) {
            return List.of();
        }
    }
}
