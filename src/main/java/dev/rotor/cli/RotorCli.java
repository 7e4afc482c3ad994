package dev.rotor.cli;

import dev.rotor.RotationException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The {@code rotor} program. {@code java -jar target/rotor-cli.jar demo} rotates a real PostgreSQL user on a local
 * Secrets Manager; {@code rotor --help} lists every command.
 *
 * <p>Every error is one line on stderr and a non-zero exit code ({@link ExitCodes}); {@code --verbose} adds the
 * stack trace.
 */
public final class RotorCli {
    private static final List<Option> COMMON = List.of(
            Option.flag("help", "Show this help and exit."),
            Option.flag("verbose", "Print stack traces and SDK details on errors."));

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** The program with its standard commands. */
    public RotorCli() {
        this(List.of(new DemoCommand(), new ServeCommand(), new RotateCommand(), new InspectCommand(),
                new RepairCommand()));
    }

    RotorCli(List<Command> commands) {
        commands.forEach(command -> this.commands.put(command.name(), command));
    }

    /** The entry point of the runnable jar. */
    public static void main(String[] args) {
        configureLogging(args.length > 0 && args[0].equals("demo"), Arrays.asList(args).contains("--verbose"));
        int code = new RotorCli().run(args, System.out, System.err);
        System.out.flush();
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    /**
     * Sends slf4j-simple's output to stderr, at WARN for Rotor (TLS and no-op warnings) and ERROR for libraries,
     * or INFO for everything with {@code --verbose}. The demo's loopback server runs without TLS, which its secrets
     * say; the warning about that on every connection is left out of the demo unless {@code --verbose}. A system
     * property set by the user wins.
     */
    private static void configureLogging(boolean demo, boolean verbose) {
        if (demo && !verbose) {
            setDefault("org.slf4j.simpleLogger.log.dev.rotor.jdbc.Login", "error");
        }
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        setDefault("org.slf4j.simpleLogger.log.dev.rotor", verbose ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * Runs one command line and returns its exit code. Never throws and never calls {@code System.exit}, so that
     * tests can run it in-process.
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = Arrays.asList(args);
        if (words.isEmpty()) {
            err.println("rotor: missing command (see rotor --help)");
            return ExitCodes.USAGE;
        }
        String first = words.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help") && words.size() == 1) {
            out.print(overview());
            return ExitCodes.OK;
        }
        if (first.equals("help")) {
            return run(new String[] {words.get(1), "--help"}, out, err);
        }
        Command command = commands.get(first);
        if (command == null) {
            err.println("rotor: unknown command '" + first + "'; commands: " + String.join(", ", commands.keySet())
                    + " (see rotor --help)");
            return ExitCodes.USAGE;
        }
        List<String> rest = words.subList(1, words.size());
        boolean verbose = rest.contains("--verbose");
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(help(command));
            return ExitCodes.OK;
        }
        try {
            Arguments arguments = Arguments.parse(command.name(), options(command), rest);
            return command.run(arguments, new Console(out, err, verbose));
        } catch (CliException e) {
            return fail(err, command, e.getMessage(), e, e.exitCode(), verbose);
        } catch (RotationException e) {
            return fail(err, command, e.getMessage(), e, ExitCodes.FAILURE, verbose);
        } catch (SdkException e) {
            return fail(err, command, AwsErrors.describe(e), e, ExitCodes.FAILURE, verbose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, command, "interrupted", e, ExitCodes.FAILURE, verbose);
        } catch (Exception e) {
            return fail(err, command, "unexpected " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), e, ExitCodes.FAILURE, verbose);
        }
    }

    private static int fail(PrintStream err, Command command, String message, Exception e, int code,
            boolean verbose) {
        err.println("rotor " + command.name() + ": error: " + firstLine(message));
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static List<Option> options(Command command) {
        List<Option> all = new ArrayList<>(command.options());
        all.addAll(COMMON);
        return all;
    }

    String overview() {
        StringBuilder text = new StringBuilder("Usage: rotor COMMAND [OPTIONS]\n\n"
                + "Rotor's command line: watch a real rotation, run a local Secrets Manager, try a rotation\n"
                + "function locally, and inspect or repair a secret's rotation state on any endpoint.\n\n"
                + "Commands:\n");
        commands.values().forEach(command -> text.append(String.format("  %-9s %s%n", command.name(),
                command.summary())));
        text.append("\nRun 'rotor COMMAND --help' for a command's options.\n"
                + "Exit codes: 0 ok, 1 failure, 2 bad command line, 3 the secret needs a repair.\n");
        return text.toString();
    }

    static String help(Command command) {
        StringBuilder text = new StringBuilder("Usage: rotor ").append(command.name());
        for (Option option : command.options()) {
            text.append(option.required() ? " " + option.synopsis() : " [" + option.synopsis() + "]");
        }
        text.append("\n\n").append(command.summary()).append("\n\n").append(command.description().strip())
                .append("\n\nOptions:\n");
        for (Option option : options(command)) {
            text.append(String.format("  %-26s %s%n", option.synopsis(), option.description()));
        }
        return text.toString();
    }
}
