package dev.parallelrun.load;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The generator's HTTP/1.1 client: Apache HttpClient's asynchronous client, its connections kept alive and opened as
 * the requests in flight need them, up to a fixed number (as wrk2 and Gatling hold a fixed set): past it a request
 * waits for a connection, and that wait counts in its latency, which runs from its planned time.
 */
final class LoadClient implements Closeable {

    /** As users send it: without a charset parameter. */
    private static final ContentType JSON = ContentType.create("application/json");
    private static final Timeout CONNECT_WITHIN = Timeout.ofSeconds(2);
    /**
     * Two: with one, the thread that reads the answers falls behind when the machine the generator shares with the
     * services is busy, and its delay would count as the services' latency.
     */
    private static final int IO_THREADS = 2;
    /**
     * How often the I/O threads look at their connections' timeouts: by default once a second, so that a request
     * counted as a timeout after --timeout 1s had waited anywhere from 1 to 2 s.
     */
    private static final TimeValue TIMEOUTS_CHECKED_EVERY = TimeValue.ofMilliseconds(50);

    /** Times a POST whose connection closed unanswered is sent again. */
    static final int SENT_AGAIN_AT_MOST = 2;
    private static final Executor RESEND_AFTER = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);

    private final CloseableHttpAsyncClient http;
    private final Duration answerWithin;
    private final AtomicLong sentAgain = new AtomicLong();

    LoadClient(int connections, Duration answerWithin) {
        this.answerWithin = answerWithin;
        Timeout within = Timeout.of(answerWithin);
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        // LAX: no pool-wide lock for every lease and release, which hundreds of requests in flight
                        // contend for
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_WITHIN)
                                .setSocketTimeout(within).build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(IO_THREADS)
                        .setSelectInterval(TIMEOUTS_CHECKED_EVERY).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(within)
                        .setConnectionRequestTimeout(within).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableAuthCaching().disableConnectionState()
                .build();
        http.start();
    }

    /**
     * Runs the client's own code hot before anything is measured: a JVM just started spends its first second
     * compiling, and at hundreds of requests a second that delay would count as the services' latency. Against a
     * stand-in on loopback started here, never against the URL under test: the lab sees nothing of it.
     */
    void warmUp() throws Exception {
        HttpServer standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        standIn.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("X-Served-By", "stand-in/local");
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        standIn.setExecutor(Executors.newFixedThreadPool(2));
        standIn.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + standIn.getAddress().getPort() + "/warm-up");
            new OpenLoopRun(url, "{}".getBytes(StandardCharsets.UTF_8), 500, 1, null, 0, 500, "warm-up")
                    .run(this, null);
        }
        finally {
            standIn.stop(0);
            ((ExecutorService) standIn.getExecutor()).shutdownNow();
        }
    }

    /** How long a request waits for its answer before it counts as a timeout. */
    Duration answerWithin() {
        return answerWithin;
    }

    /** Requests sent again, with the same Idempotency-Key, after their connection closed unanswered. */
    long sentAgain() {
        return sentAgain.get();
    }

    /**
     * POSTs the body; completes with the answer, or exceptionally with why there was none. A keep-alive connection
     * the server closes as the request leaves (nginx's graceful reload closes its old workers' idle ones, all at
     * once) fails the request without an answer, and the next idle connection of the pool may be one of those too.
     * Sent again, up to {@value #SENT_AGAIN_AT_MOST} times, with the same Idempotency-Key, it cannot be created
     * twice, as any client of a POST should do; a timeout is not sent again.
     */
    CompletableFuture<SimpleHttpResponse> post(URI url, byte[] body, String idempotencyKey, String user) {
        return post(url, body, idempotencyKey, user, SENT_AGAIN_AT_MOST);
    }

    private CompletableFuture<SimpleHttpResponse> post(URI url, byte[] body, String idempotencyKey, String user,
            int againAtMost) {
        SimpleRequestBuilder request = SimpleRequestBuilder.post(url).setVersion(HttpVersion.HTTP_1_1)
                .setHeader("Idempotency-Key", idempotencyKey).setBody(body, JSON);
        if (user != null) {
            request.setHeader("X-User-Id", user);
        }
        return execute(request.build()).exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (againAtMost > 0 && Answer.CONNECTION_ERROR.equals(kindOf(cause))) {
                sentAgain.incrementAndGet();
                // After a short back-off: the reload is closing the pool's other idle connections at this very moment.
                return CompletableFuture.runAsync(() -> { }, RESEND_AFTER)
                        .thenCompose(resend -> post(url, body, idempotencyKey, user, againAtMost - 1));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private CompletableFuture<SimpleHttpResponse> execute(SimpleHttpRequest request) {
        CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();
        http.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                answer.complete(response);
            }

            @Override
            public void failed(Exception ex) {
                answer.completeExceptionally(ex);
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new InterruptedIOException("cancelled"));
            }
        });
        return answer;
    }

    /** {@link Answer#TIMEOUT} or {@link Answer#CONNECTION_ERROR}: why a request got no answer. */
    static String kindOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        // A connection not opened within its 2 s is a connection error; an answer not there within the --timeout (or
        // no connection of the pool free within it) is a timeout.
        boolean timedOut = (cause instanceof InterruptedIOException && !(cause instanceof ConnectTimeoutException))
                || cause instanceof TimeoutException;
        return timedOut ? Answer.TIMEOUT : Answer.CONNECTION_ERROR;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
