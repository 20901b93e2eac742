package dev.parallelrun.load;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator shares the machine with the services it measures, so it takes as little of it as it can: it runs on
 * the JVM's quick compiler only (C1) and the serial collector. Measured on a two-core machine at 150 requests a
 * second for 15 s, the default JVM spent 13.3 s of CPU (its optimising compiler working through the client's code
 * while the services waited for a core), this one 5.0 s with its smaller warm-up, with the same latencies.
 * {@code java -jar} cannot carry JVM options, so a generator started without them starts itself again with them,
 * once, and exits with its exit code.
 */
final class LeanJvm {

    static final List<String> OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");
    private static final String RELAUNCHED = "request-generator.lean";

    private LeanJvm() {
    }

    /**
     * Runs {@code mainClass} with {@code args} in a lean JVM and returns its exit code, or null when this JVM is one
     * already (or cannot start one: then the caller runs here).
     */
    static Integer relaunch(Class<?> mainClass, String... args) {
        List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (Boolean.getBoolean(RELAUNCHED) || running.containsAll(OPTIONS.subList(0, 1))) {
            return null;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(running);
        command.addAll(OPTIONS);
        command.add("-D" + RELAUNCHED + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            // Ctrl-C reaches the child too (same process group); a kill reaches this one alone, which passes it on.
            // Either way this one waits for the child (which may still print what it got) and exits with its code.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                child.destroy();
                try {
                    Runtime.getRuntime().halt(child.waitFor());
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }));
            return child.waitFor();
        }
        catch (Exception cannotStart) {
            return null;
        }
    }
}
