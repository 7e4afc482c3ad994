package dev.rotor.cli;

/**
 * An error the program reports as one line on stderr, with an exit code. The message must be safe to print: it
 * never holds a secret value.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A mistake in the command line: exit code {@value ExitCodes#USAGE}. */
    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** A failure while doing the work: exit code {@value ExitCodes#FAILURE}. */
    static CliException failure(String message, Throwable cause) {
        return new CliException(ExitCodes.FAILURE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
