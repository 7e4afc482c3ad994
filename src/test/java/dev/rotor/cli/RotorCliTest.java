package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotorCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new RotorCli().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("demo", "serve", "rotate", "inspect", "repair");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "serve", "rotate", "inspect", "repair"})
    void everyCommandHasHelpWithItsOptions(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out()).startsWith("Usage: rotor " + command).contains("--help", "--verbose");
        assertThat(err()).isEmpty();
    }

    @Test
    void helpCommandShowsACommandsHelp() {
        assertThat(run("help", "inspect")).isZero();
        assertThat(out()).contains("--secret-id ID");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("missing command");
    }

    @Test
    void unknownCommandIsOneLineAndExitCodeTwo() {
        assertThat(run("rotat")).isEqualTo(2);
        assertThat(err()).isEqualTo("rotor: unknown command 'rotat'; commands: demo, serve, rotate, inspect, repair"
                + " (see rotor --help)" + System.lineSeparator());
    }

    @Test
    void badOptionIsOneLineWithoutStackTrace() {
        assertThat(run("inspect", "--secret", "x")).isEqualTo(2);
        assertThat(err().lines()).containsExactly(
                "rotor inspect: error: Unknown option --secret for 'rotor inspect' (see rotor inspect --help)");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertThat(run("repair", "--confirm")).isEqualTo(2);
        assertThat(err()).contains("needs --secret-id ID");
    }

    @Test
    void unreachableEndpointIsOneLineAndExitCodeOne() {
        // Port 9 (discard) on loopback: nothing listens there on a test machine.
        assertThat(run("inspect", "--secret-id", "x", "--endpoint", "http://127.0.0.1:9")).isEqualTo(1);
        assertThat(err().lines()).hasSize(1);
        assertThat(err()).startsWith("rotor inspect: error: ").contains("cannot reach");
    }

    @Test
    void verboseAddsTheStackTrace() {
        assertThat(run("inspect", "--secret-id", "x", "--endpoint", "http://127.0.0.1:9", "--verbose")).isEqualTo(1);
        assertThat(err().lines().count()).isGreaterThan(1);
        assertThat(err()).contains("\tat ");
    }
}
