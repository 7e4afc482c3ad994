package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.DatabaseTarget;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.TimeBudget;
import dev.rotor.testsupport.LogCapture;
import dev.rotor.tls.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and connection failures against a real server whose certificate, from a test CA, names {@code localhost}
 * only: connecting by {@code 127.0.0.1} is a wrong host name.
 */
class PostgreSqlTlsIT {
    private static final String PASSWORD = "tls-user-password";
    private static final PostgreSqlEngine ENGINE = new PostgreSqlEngine();

    @TempDir
    static Path temp;

    private static TestCertificates tls;
    private static PostgresServer pg;

    @BeforeAll
    static void start() {
        tls = TestCertificates.create(temp, "dns:localhost");
        pg = PostgresServer.start(Optional.of(tls));
        pg.execute("CREATE ROLE tls_user LOGIN PASSWORD '" + PASSWORD + "'");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static DatabaseSecret secret(String host, String sslJson) {
        String ssl = sslJson == null ? "" : ", \"ssl\": " + sslJson;
        return DatabaseSecret.parse(Secret.parse("{\"engine\": \"postgres\", \"host\": \"" + host + "\", \"port\": "
                + pg.port() + ", \"username\": \"tls_user\", \"password\": \"" + PASSWORD + "\"" + ssl + "}"),
                ENGINE);
    }

    private static DatabaseSettings settings(TlsMode mode, Path bundle) {
        return new DatabaseSettings(mode, Optional.ofNullable(bundle), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static Login login(DatabaseSecret secret, DatabaseSettings settings) {
        return Login.attempt(ENGINE, settings, TimeBudget.of(Duration.ofSeconds(20)), secret, "AWSCURRENT");
    }

    private static boolean encrypted(Login login) throws SQLException {
        assertThat(login.succeeded()).as("login %s", login).isTrue();
        try (Connection connection = login.connection().orElseThrow(); Statement statement =
                connection.createStatement(); ResultSet row = statement.executeQuery(
                        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            return row.getBoolean(1);
        }
    }

    @Test
    void verifyFullSucceedsWithTheTestCa() throws SQLException {
        Login login = login(secret("localhost", null), settings(TlsMode.VERIFY_FULL, tls.caCertificate()));
        assertThat(encrypted(login)).isTrue();
    }

    @Test
    void verifyFullFailsOnAWrongHostName() {
        Login login = login(secret("127.0.0.1", null), settings(TlsMode.VERIFY_FULL, tls.caCertificate()));
        assertThat(login.succeeded()).isFalse();
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @Test
    void verifyCaAcceptsAnotherHostNameButStillChecksTheCa() throws SQLException {
        Login byAddress = login(secret("127.0.0.1", null), settings(TlsMode.VERIFY_CA, tls.caCertificate()));
        assertThat(encrypted(byAddress)).isTrue();

        TestCertificates stranger = TestCertificates.create(temp, "dns:localhost");
        Login untrusted = login(secret("localhost", null), settings(TlsMode.VERIFY_CA, stranger.caCertificate()));
        assertThat(untrusted.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @Test
    void verifyFullFailsWhenTheCaIsNotTrusted() {
        // no bundle: the JDK's trust store, which does not hold the test CA
        Login login = login(secret("localhost", null), settings(TlsMode.VERIFY_FULL, null));
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificate() throws SQLException {
        Login login = login(secret("127.0.0.1", null), settings(TlsMode.REQUIRE, null));
        assertThat(encrypted(login)).isTrue();
    }

    @Test
    void aMissingSslKeyMeansVerifiedTlsAndNeverFallsBackToPlaintext() {
        DatabaseSecret noSslKey = secret("localhost", null);
        assertThat(noSslKey.tlsMode(DatabaseSettings.DEFAULT)).isEqualTo(TlsMode.VERIFY_FULL);
        // the server also accepts plaintext, yet an unverifiable certificate fails instead of downgrading
        Login login = login(noSslKey, DatabaseSettings.DEFAULT);
        assertThat(login.succeeded()).isFalse();
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @Test
    void sslTrueMeansVerifiedTls() throws SQLException {
        DatabaseSecret sslTrue = secret("localhost", "true");
        DatabaseSettings lenient = settings(TlsMode.REQUIRE, tls.caCertificate());
        assertThat(sslTrue.tlsMode(lenient)).isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(encrypted(login(sslTrue, lenient))).isTrue();
        Login wrongHost = login(secret("127.0.0.1", "true"), lenient);
        assertThat(wrongHost.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @Test
    void sslFalseConnectsInPlaintextWithAWarning() throws SQLException {
        try (LogCapture log = LogCapture.start()) {
            Login login = login(secret("127.0.0.1", "false"), settings(TlsMode.VERIFY_FULL, tls.caCertificate()));
            assertThat(encrypted(login)).isFalse();
            assertThat(log.text()).contains("WARN").contains("without TLS").doesNotContain(PASSWORD);
        }
    }

    @Test
    void aCorruptCaBundleIsATlsFailure() throws IOException {
        Path bogus = Files.writeString(temp.resolve("bogus.pem"), "not a certificate");
        Login login = login(secret("localhost", null), settings(TlsMode.VERIFY_FULL, bogus));
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
        assertThat(login.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aReplacedCaBundleIsReadAgain() throws IOException {
        Path bundle = temp.resolve("replaced-ca.pem");
        Files.copy(tls.caCertificate(), bundle);
        DatabaseSettings settings = settings(TlsMode.VERIFY_FULL, bundle);
        Login trusted = login(secret("localhost", null), settings);
        assertThat(trusted.succeeded()).as("login %s", trusted).isTrue();
        DatabaseTarget.close(trusted.connection().orElseThrow());

        // the TLS context is kept between connections, but not past a change of the bundle
        TestCertificates stranger = TestCertificates.create(temp, "dns:localhost");
        FileTime before = Files.getLastModifiedTime(bundle);
        Files.copy(stranger.caCertificate(), bundle, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(bundle, FileTime.fromMillis(before.toMillis() + 10_000));
        Login untrusted = login(secret("localhost", null), settings);
        assertThat(untrusted.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @Test
    void sessionSettingsAreSetAtLogin() throws SQLException {
        DatabaseSettings settings = new DatabaseSettings(TlsMode.VERIFY_FULL, Optional.of(tls.caCertificate()),
                Duration.ofSeconds(2), Duration.ofMillis(7_500));
        Login login = login(secret("localhost", null), settings);
        assertThat(login.succeeded()).as("login %s", login).isTrue();
        try (Connection connection = login.connection().orElseThrow(); Statement statement =
                connection.createStatement(); ResultSet row = statement.executeQuery("SELECT"
                        + " current_setting('statement_timeout'), current_setting('application_name')")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("7500ms");
            assertThat(row.getString(2)).isEqualTo("rotor");
        }
    }

    @Test
    void aWrongPasswordIsAuthenticationRefused() {
        DatabaseSecret wrong = DatabaseSecret.parse(secret("localhost", null).secret().with("password", "nope"),
                ENGINE);
        Login login = login(wrong, settings(TlsMode.VERIFY_FULL, tls.caCertificate()));
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.AUTHENTICATION_REFUSED);
        assertThat(login.toString()).contains("28P01").doesNotContain("nope");
    }

    @Test
    void aClosedPortIsHostUnreachable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        DatabaseSecret secret = DatabaseSecret.parse(secret("localhost", null).secret().with("port", closed), ENGINE);
        Login login = login(secret, settings(TlsMode.VERIFY_FULL, tls.caCertificate()));
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.HOST_UNREACHABLE);
    }

    @Test
    void aSilentServerTimesOutWithinTheBudget() throws IOException {
        try (ServerSocket blackhole = new ServerSocket(0)) { // accepts TCP, never answers
            DatabaseSecret secret = DatabaseSecret.parse(secret("localhost", null).secret()
                    .with("port", blackhole.getLocalPort()), ENGINE);
            DatabaseSettings slow = new DatabaseSettings(TlsMode.VERIFY_FULL, Optional.of(tls.caCertificate()),
                    Duration.ofSeconds(30), Duration.ofSeconds(30));
            TimeBudget budget = TimeBudget.of(Duration.ofSeconds(2));
            Login login = Login.attempt(ENGINE, slow, budget, secret, "AWSPENDING");
            assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TIMEOUT);
            assertThatThrownBy(() -> Login.attempt(ENGINE, slow, budget, secret, "AWSCURRENT"))
                    .isInstanceOf(RotationException.class)
                    .satisfies(e -> assertThat(((RotationException) e).errorCode())
                            .isEqualTo(ErrorCode.TIME_BUDGET_EXCEEDED))
                    .hasMessageContaining("AWSCURRENT");
        }
    }
}
