package dev.rotor.cli;

/** The exit codes of every command, documented in the README. */
final class ExitCodes {
    /** The command did what it was asked; for {@code inspect}, the rotation state is legal. */
    static final int OK = 0;
    /** The work failed: unknown secret, unreachable endpoint, failed rotation. */
    static final int FAILURE = 1;
    /** The command line is wrong: unknown command or option, missing value. */
    static final int USAGE = 2;
    /** {@code inspect} or {@code repair} without {@code --confirm}: the secret needs a repair. */
    static final int NEEDS_REPAIR = 3;

    private ExitCodes() {
    }
}
