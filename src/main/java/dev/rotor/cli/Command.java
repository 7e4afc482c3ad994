package dev.rotor.cli;

import java.util.List;

/** One {@code rotor} command. Implementations are stateless; {@link RotorCli} parses the options for them. */
interface Command {
    /** The word that selects the command, for example {@code inspect}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The paragraphs of {@code --help} after the synopsis: what it does, exit codes, an example. */
    String description();

    /** The options it accepts, besides {@code --help} and {@code --verbose}. */
    List<Option> options();

    /**
     * Runs the command.
     *
     * @return the exit code
     * @throws CliException for an error reported as one line
     */
    int run(Arguments arguments, Console console) throws Exception;
}
