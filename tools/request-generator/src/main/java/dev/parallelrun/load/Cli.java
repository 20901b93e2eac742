package dev.parallelrun.load;

import java.io.PrintWriter;
import picocli.CommandLine;

/** How the lab's command-line tools start: a bad argument is one line and exit code 2, never a stack trace. */
final class Cli {

    private Cli() {
    }

    static int run(Object command, String... args) {
        return run(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(command).setOut(out).setErr(err);
        String name = line.getCommandName();
        line.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println(name + ": " + ex.getMessage() + " (see --help)");
            return 2;
        });
        line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(name + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return line.execute(args);
    }

    /** A problem with what the user asked for, found after parsing: reported like a parse error. */
    static CommandLine.ParameterException invalid(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
