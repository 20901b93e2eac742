package dev.parallelrun.canary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * payment.service's route, the one line the proxy follows (nginx/docker-entrypoint.d/40-follow-route.sh):
 * {@code monolith-v1:8080 monolith-v2:8080 25}.
 */
class RouteFile {

    private final Path file;
    private final int port;

    RouteFile(Path file, int port) {
        this.file = file;
        this.port = port;
    }

    String line(String primary, String canary, int weight) {
        return primary + ":" + port + " " + canary + ":" + port + " " + weight;
    }

    void write(String primary, String canary, int weight) {
        AtomicFile.replace(file, (line(primary, canary, weight) + "\n").getBytes(StandardCharsets.UTF_8),
                "payment.service's route");
    }

    Optional<String> read() {
        try {
            return Optional.of(Files.readString(file).strip());
        }
        catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
