package dev.rotor.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one command line, parsed against the command's {@link Option}s. Accepts {@code --name value},
 * {@code --name=value} and flags; an option may be repeated. Refuses unknown options, positional arguments, a
 * missing value and a missing required option, each with a message that names the option and the command.
 */
final class Arguments {
    private final String command;
    private final Map<String, List<String>> values;

    private Arguments(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * Parses {@code args} (the words after the command name).
     *
     * @throws CliException with exit code {@value ExitCodes#USAGE} naming what is wrong
     */
    static Arguments parse(String command, List<Option> options, List<String> args) {
        Map<String, Option> known = new LinkedHashMap<>();
        options.forEach(option -> known.put(option.name(), option));
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw CliException.usage("Unexpected argument '" + word + "' for 'rotor " + command
                        + "': options start with -- (see rotor " + command + " --help)");
            }
            int equals = word.indexOf('=');
            String name = word.substring(2, equals < 0 ? word.length() : equals);
            Option option = known.get(name);
            if (option == null) {
                throw CliException.usage("Unknown option --" + name + " for 'rotor " + command + "' (see rotor "
                        + command + " --help)");
            }
            String value;
            if (option.isFlag()) {
                if (equals >= 0) {
                    throw CliException.usage("Option --" + name + " of 'rotor " + command + "' takes no value");
                }
                value = "true";
            } else if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw CliException.usage("Option " + option.synopsis() + " of 'rotor " + command
                        + "' needs a value");
            }
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        for (Option option : options) {
            if (option.required() && !values.containsKey(option.name())) {
                throw CliException.usage("'rotor " + command + "' needs " + option.synopsis() + " (see rotor "
                        + command + " --help)");
            }
        }
        return new Arguments(command, values);
    }

    /** Whether the flag or option was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of an option; the last one when it was repeated. */
    Optional<String> value(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /** The value of a required option. */
    String require(String name) {
        return value(name).filter(v -> !v.isBlank()).orElseThrow(() -> CliException.usage("'rotor " + command
                + "' needs a non-empty --" + name));
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /** An integer option between {@code min} and {@code max}. */
    Optional<Integer> integer(String name, int min, int max) {
        return value(name).map(raw -> {
            try {
                int parsed = Integer.parseInt(raw.strip());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with the option's name
            }
            throw CliException.usage("Option --" + name + " of 'rotor " + command + "' must be an integer from "
                    + min + " to " + max + ", not '" + raw + "'");
        });
    }

    /** An absolute http(s) URL option. */
    Optional<URI> url(String name) {
        return value(name).map(raw -> {
            try {
                URI uri = new URI(raw.strip());
                if (uri.getHost() != null && Set.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, with the option's name
            }
            throw CliException.usage("Option --" + name + " of 'rotor " + command
                    + "' must be an absolute http or https URL such as http://localhost:4566, not '" + raw + "'");
        });
    }

    /** The names of the options given, for tests and diagnostics. */
    Set<String> names() {
        return new TreeSet<>(values.keySet());
    }
}
