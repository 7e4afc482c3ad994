package dev.rotor.cli;

import java.util.List;

/** {@code rotor demo}. */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
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
        throw CliException.failure("'rotor demo' is not available in this build", null);
    }
}
