package dev.parallelrun.canary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The last release, as JSON beside the route: written whole after every change, read once at start. */
class ReleaseStore {

    private final Path file;
    private final JsonMapper json;

    ReleaseStore(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
    }

    void save(Release release) {
        AtomicFile.replace(file, json.writeValueAsBytes(release), "the release");
    }

    Optional<Release> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Release.class));
        }
        catch (JacksonException unreadable) {
            throw new IllegalStateException("the release kept in " + file + " cannot be read (" + unreadable
                    .getOriginalMessage() + "): move it aside to start afresh", unreadable);
        }
    }
}
