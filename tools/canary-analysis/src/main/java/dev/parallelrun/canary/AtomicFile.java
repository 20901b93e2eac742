package dev.parallelrun.canary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file replaced whole, by a rename in its own folder: a reader sees the old content or the new, never half. */
final class AtomicFile {

    private AtomicFile() {
    }

    static void replace(Path file, byte[] content, String what) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".canary-analysis.next");
            Files.write(next, content);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException failed) {
            throw new UncheckedIOException("cannot write " + what + " to " + file, failed);
        }
    }
}
