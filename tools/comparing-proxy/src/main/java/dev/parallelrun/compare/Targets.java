package dev.parallelrun.compare;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request to a target and hands back its whole answer, or why there is none; never throws, never waits
 * past the timeout. The JDK's client sends the requests to all targets at once with no thread held per request:
 * a proxy that forwards any method and any path has no fixed interface to declare as an {@code @HttpExchange}.
 */
final class Targets {

    /** Per connection, not per message (RFC 9110 7.6.1), or set by the client itself: never forwarded. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "http2-settings");

    /** And asked for uncompressed: a gzip body cannot be compared field by field. */
    static final String ACCEPT_ENCODING = "accept-encoding";

    private final HttpClient http;
    private final Duration timeout;

    Targets(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    CompletableFuture<TargetResponse> send(String target, URI base, IncomingRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stripSlash(base) + request.pathAndQuery()))
                .timeout(timeout)
                .method(request.method(), request.body().length == 0 ? BodyPublishers.noBody()
                        : BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name) && !ACCEPT_ENCODING.equals(name)) {
                values.forEach(value -> {
                    try {
                        builder.header(name, value);
                    }
                    catch (IllegalArgumentException notForwardable) {
                        // a header Tomcat took but the JDK's client will not send (a restricted name, a control
                        // character): the targets answer without it, and all alike
                    }
                });
            }
        });
        long start = System.nanoTime();
        return http.sendAsync(builder.build(), BodyHandlers.ofByteArray())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    if (error == null) {
                        return TargetResponse.answered(target, response.statusCode(),
                                lowerCase(response.headers().map()), response.body(), elapsed);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    boolean timedOut = cause instanceof HttpTimeoutException || cause instanceof TimeoutException;
                    return TargetResponse.failed(target, timedOut
                            ? "no answer within " + timeout.toMillis() + " ms"
                            : "no answer: " + describe(cause), timedOut, elapsed);
                });
    }

    /** {@code ConnectException (Connection refused)}: the failure, and the first reason given down its causes. */
    static String describe(Throwable failure) {
        String reason = null;
        Throwable deepest = failure;
        for (Throwable cause = failure; cause != null && reason == null; cause = cause.getCause()) {
            reason = cause.getMessage() == null || cause.getMessage().isBlank() ? null : cause.getMessage();
            deepest = cause;
        }
        if (reason == null && deepest != failure) {
            reason = deepest.getClass().getSimpleName();
        }
        return failure.getClass().getSimpleName() + (reason == null ? "" : " (" + reason + ")");
    }

    private static String stripSlash(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(values);
            }
        });
        return lower;
    }

    /**
     * @param method       as received
     * @param pathAndQuery as received, still percent-encoded
     * @param headers      as received, names in lower case
     * @param body         as received, empty when there was none
     */
    record IncomingRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    }
}
