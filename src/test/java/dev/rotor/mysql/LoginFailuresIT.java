package dev.rotor.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.TimeBudget;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Why a login failed, as the error of a rotation names it: each driver's failures classified. */
class LoginFailuresIT {
    private static final DatabaseSettings QUICK = new DatabaseSettings(TlsMode.REQUIRE, Optional.empty(),
            Duration.ofMillis(700), Duration.ofMillis(700));

    private static Login attempt(DatabaseEngine engine, String engineName, int port, String password,
            DatabaseSettings settings) {
        Secret secret = Secret.emptyObject().with("engine", engineName).with("host", "127.0.0.1").with("port", port)
                .with("username", EmbeddedMariaDb.ADMIN).with("password", password);
        return Login.attempt(engine, settings, TimeBudget.of(Duration.ofSeconds(30)),
                DatabaseSecret.parse(secret, engine), "test");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void aWrongPasswordIsAuthenticationRefused(DatabaseEngine engine, String engineName) {
        EmbeddedMariaDb db = EmbeddedMariaDb.shared();
        Login login = attempt(engine, engineName, db.port(), "Wrong-Pass-1", MySqlTesting.SETTINGS);
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.AUTHENTICATION_REFUSED);
        assertThat(login.toString()).doesNotContain("Wrong-Pass-1");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void aClosedPortIsHostUnreachable(DatabaseEngine engine, String engineName) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Login login = attempt(engine, engineName, port, "p", MySqlTesting.SETTINGS);
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.HOST_UNREACHABLE);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void aServerThatNeverAnswersIsATimeoutWithinTheBudget(DatabaseEngine engine, String engineName)
            throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();
            Login login = attempt(engine, engineName, silent.getLocalPort(), "p", QUICK);
            assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TIMEOUT);
            // bounded by the configured timeouts, not by the driver's defaults (which wait without end)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
