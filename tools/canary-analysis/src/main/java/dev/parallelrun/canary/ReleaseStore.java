package dev.parallelrun.canary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last release, as JSON beside the route: written whole after every change, read once at start. With it, what each
 * side had served when the release began, so that a restarted analysis still judges the errors on everything served
 * since then, not only since it came back.
 */
class ReleaseStore {

    /**
     * A release and the counts its errors' evidence starts from ({@code null} when not known: a file written before
     * they were kept).
     */
    record Kept(Release release, VersionSample primaryAtRelease, VersionSample canaryAtRelease) {
    }

    private final Path file;
    private final JsonMapper json;

    ReleaseStore(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
    }

    void save(Kept kept) {
        AtomicFile.replace(file, json.writeValueAsBytes(kept), "the release");
    }

    Optional<Kept> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode read = json.readTree(file.toFile());
            // A file an earlier version wrote holds the release alone.
            return Optional.of(read.has("release") ? json.treeToValue(read, Kept.class)
                    : new Kept(json.treeToValue(read, Release.class), null, null));
        }
        catch (JacksonException unreadable) {
            throw new IllegalStateException("the release kept in " + file + " cannot be read (" + unreadable
                    .getOriginalMessage() + "): move it aside to start afresh", unreadable);
        }
    }
}
