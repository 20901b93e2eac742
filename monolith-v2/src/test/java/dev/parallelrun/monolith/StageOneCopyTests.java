package dev.parallelrun.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * monolith-v2 is monolith-v1 one release later, kept as a module of its own so that both stages run side by side:
 * its {@code payroll} package (the API users call, before and after the switch) and the migration that created the
 * stage 1 schema are monolith-v1's, byte for byte. A change to either belongs in both, or it is a change of the
 * payment API, which this lab's stages must not make: this test fails when the copies drift apart.
 */
class StageOneCopyTests {

    private static final Path V1 = Path.of("..", "monolith-v1");
    private static final Path V2 = Path.of("");

    @ParameterizedTest
    @ValueSource(strings = { "src/main/java/dev/parallelrun/monolith/payroll",
            "src/test/java/dev/parallelrun/monolith/payroll", "src/main/resources/db/migration/V1__create_payroll.sql",
            "src/main/resources/db/migration/V1_1__served_count.sql" })
    void isMonolithV1sByteForByte(String path) throws IOException {
        Path ours = V2.resolve(path);
        Path theirs = V1.resolve(path);
        assertThat(theirs).as("monolith-v1 beside monolith-v2").exists();
        List<Path> files = filesUnder(theirs);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Path copy = ours.resolve(theirs.relativize(file));
            assertThat(copy).as("monolith-v2 keeps " + copy).exists();
            assertThat(copy).as(copy.toString()).hasSameTextualContentAs(file);
        }
    }

    private static List<Path> filesUnder(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
