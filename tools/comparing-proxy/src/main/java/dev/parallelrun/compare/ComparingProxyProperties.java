package dev.parallelrun.compare;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the proxy compares and how ({@code COMPARINGPROXY_PRIMARY}, {@code COMPARINGPROXY_MODE=subset}, ...). A value
 * it cannot use stops it at start with one line naming the property.
 *
 * @param primary              the version in production: its answer is the reference
 * @param candidate            the version being compared with it
 * @param secondary            a second instance of the primary, optional: what differs between the two primaries
 *                             (ids, timestamps) is noise, not held against the candidate
 * @param mode                 how the candidate's JSON body must match the primary's
 * @param answer               what the client gets: the verdict, or the primary's own answer (mirroring)
 * @param timeout              how long each target may take to answer in full
 * @param ignoredPointers      JSON Pointers into the body never compared ({@code /createdAt}; {@code *} stands for
 *                             any array index or key: {@code /content/}{@code *}{@code /createdAt})
 * @param unorderedPointers    JSON Pointers of arrays compared without regard to order
 * @param comparedHeaders      the response headers compared ({@code *}: all of them but the ignored ones)
 * @param ignoredHeaders       headers never compared, even under {@code *}
 * @param allowedUnsafeMethods POST, PUT, PATCH or DELETE: forwarded although every target performs the write
 * @param maxEndpoints         distinct endpoints counted apart; more fall under {@code other} (a scan of random
 *                             paths must not grow the meters without bound)
 * @param recentDifferences    how many recent differences and failures are kept for {@code /actuator/comparisons}
 */
@Validated
@ConfigurationProperties("comparing-proxy")
public record ComparingProxyProperties(
        @NotNull URI primary,
        @NotNull URI candidate,
        URI secondary,
        @DefaultValue("strict") @NotNull Mode mode,
        @DefaultValue("verdict") @NotNull Answer answer,
        @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue List<String> ignoredPointers,
        @DefaultValue List<String> unorderedPointers,
        @DefaultValue("content-type") List<String> comparedHeaders,
        @DefaultValue({ "date", "x-served-by", "content-length", "transfer-encoding", "connection", "keep-alive" })
        List<String> ignoredHeaders,
        @DefaultValue List<String> allowedUnsafeMethods,
        @DefaultValue("200") @Min(1) @Max(10_000) int maxEndpoints,
        @DefaultValue("100") @Min(1) @Max(10_000) int recentDifferences) {

    static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    public ComparingProxyProperties {
        target("primary", primary);
        target("candidate", candidate);
        target("secondary", secondary);
        ignoredPointers.forEach(pointer -> pointer("ignored-pointers", pointer));
        unorderedPointers.forEach(pointer -> pointer("unordered-pointers", pointer));
        comparedHeaders = lowerCase(comparedHeaders);
        ignoredHeaders = lowerCase(ignoredHeaders);
        allowedUnsafeMethods = allowedUnsafeMethods.stream().map(method -> method.trim().toUpperCase(Locale.ROOT))
                .toList();
        for (String method : allowedUnsafeMethods) {
            if (!UNSAFE_METHODS.contains(method)) {
                throw new IllegalArgumentException("comparing-proxy.allowed-unsafe-methods: '" + method
                        + "' is not one of POST, PUT, PATCH, DELETE (safe methods are always forwarded)");
            }
        }
    }

    boolean allows(String method) {
        return !UNSAFE_METHODS.contains(method) || allowedUnsafeMethods.contains(method);
    }

    private static void target(String name, URI uri) {
        if (uri != null && (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            throw new IllegalArgumentException("comparing-proxy." + name + ": '" + uri
                    + "' is not an http(s) URL with a host (and no query), e.g. http://monolith-v1:8080");
        }
    }

    private static void pointer(String property, String pointer) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("comparing-proxy." + property + ": '" + pointer
                    + "' is not a JSON Pointer into the body (RFC 6901: it starts with /, e.g. /createdAt)");
        }
    }

    private static List<String> lowerCase(List<String> headers) {
        return headers.stream().map(header -> header.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /** How the candidate's JSON body must match the primary's. */
    public enum Mode {
        /** Equal: same fields, same values (numbers by value, object keys in any order). */
        STRICT,
        /** The candidate may add fields: a consumer of the primary's contract can still read it. */
        SUBSET,
        /** Same structure and types; values free. */
        SCHEMA
    }

    /** What the client gets back. */
    public enum Answer {
        /** 200 when the answers are equal, 412 with each difference when not (Diferencia's answer). */
        VERDICT,
        /** The primary's answer unchanged; the comparison happens aside, off the client's path. */
        MIRROR
    }
}
