package dev.rotor.cli;

import java.util.Objects;

/**
 * One {@code --name} option of a command: a flag, or an option that takes a value.
 *
 * @param name the long name without the dashes, for example {@code secret-id}
 * @param valueName the placeholder shown in help, for example {@code ID}; null for a flag
 * @param description one line for {@code --help}
 * @param required whether the command refuses to run without it
 */
record Option(String name, String valueName, String description, boolean required) {
    Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /** An option that takes a value. */
    static Option value(String name, String valueName, String description) {
        return new Option(name, valueName, description, false);
    }

    /** An option that takes a value and must be given. */
    static Option required(String name, String valueName, String description) {
        return new Option(name, valueName, description, true);
    }

    /** A flag without a value. */
    static Option flag(String name, String description) {
        return new Option(name, null, description, false);
    }

    boolean isFlag() {
        return valueName == null;
    }

    /** How the option is written in a synopsis: {@code --secret-id ID} or {@code --confirm}. */
    String synopsis() {
        return "--" + name + (isFlag() ? "" : " " + valueName);
    }
}
