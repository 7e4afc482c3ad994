package dev.rotor.cli;

import java.util.List;

/** {@code rotor rotate}. */
final class RotateCommand implements Command {
    @Override
    public String name() {
        return "rotate";
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
        throw CliException.failure("'rotor rotate' is not available in this build", null);
    }
}
