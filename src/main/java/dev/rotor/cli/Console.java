package dev.rotor.cli;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Where a command writes: results to {@code out}, progress and errors to {@code err}, so that {@code --json}
 * output on stdout stays one clean document.
 */
final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;

    Console(PrintStream out, PrintStream err, boolean verbose) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.verbose = verbose;
    }

    /** A line of the command's result. */
    void println(String line) {
        out.println(line);
    }

    /** A line of progress while long work runs. */
    void progress(String line) {
        err.println("... " + line);
        err.flush();
    }

    /** A warning the user should read. */
    void warn(String line) {
        err.println("warning: " + line);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean verbose() {
        return verbose;
    }
}
