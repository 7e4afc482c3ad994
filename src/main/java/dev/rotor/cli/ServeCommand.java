package dev.rotor.cli;

import java.util.List;

/** {@code rotor serve}. */
final class ServeCommand implements Command {
    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "(not yet available)";
    }

    @Override
    public String description() {
        return "Not yet available.";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Arguments arguments, Console console) {
        throw CliException.failure("'rotor serve' is not available in this build", null);
    }
}
