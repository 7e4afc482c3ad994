package dev.rotor.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.DatabaseTarget;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.TimeBudget;
import dev.rotor.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS against a MariaDB server whose certificate a test CA signed for {@code localhost} only: verify-full succeeds
 * with the CA bundle and fails for another host name (127.0.0.1, the same server) or without the bundle.
 */
class MySqlTlsIT {
    private static EmbeddedMariaDb db;
    private static TestCertificates tls;

    @BeforeAll
    static void start() {
        tls = TestCertificates.create(Path.of("target").toAbsolutePath(), "dns:localhost");
        db = EmbeddedMariaDb.start(List.of("--ssl-cert=" + tls.serverCertificate(), "--ssl-key=" + tls.serverKey(),
                "--ssl-ca=" + tls.caCertificate()));
        db.execute("CREATE USER 'tls_user'@'%' IDENTIFIED BY 'Tls-Pass-1'",
                "GRANT SELECT ON rotor.* TO 'tls_user'@'%'");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Login login(DatabaseEngine engine, String engineName, String host, TlsMode mode,
            Optional<Path> ca) {
        Secret secret = Secret.emptyObject().with("engine", engineName).with("host", host).with("port", db.port())
                .with("username", "tls_user").with("password", "Tls-Pass-1");
        DatabaseSettings settings = new DatabaseSettings(mode, ca, Duration.ofSeconds(5), Duration.ofSeconds(5));
        Login login = Login.attempt(engine, settings, TimeBudget.of(Duration.ofSeconds(30)),
                DatabaseSecret.parse(secret, engine), "tls test");
        login.connection().ifPresent(DatabaseTarget::close);
        return login;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void verifyFullSucceedsWithTheCaBundleForTheCertifiedName(DatabaseEngine engine, String engineName) {
        assertThat(login(engine, engineName, "localhost", TlsMode.VERIFY_FULL, Optional.of(tls.caCertificate()))
                .succeeded()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void verifyFullFailsForAnotherHostName(DatabaseEngine engine, String engineName) {
        Login login = login(engine, engineName, "127.0.0.1", TlsMode.VERIFY_FULL, Optional.of(tls.caCertificate()));
        assertThat(login.succeeded()).isFalse();
        assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void withoutTheCaBundleOnlyMariaDbsPasswordBoundCertificateCheckAcceptsTheServer(DatabaseEngine engine,
            String engineName) {
        Login login = login(engine, engineName, "localhost", TlsMode.VERIFY_FULL, Optional.empty());
        if (engine instanceof MariaDbEngine) {
            // MariaDB Connector/J 3.4+ with MariaDB 11.4+: a certificate no trusted CA signed is accepted only when
            // the server proves, through the password authentication, that it holds this certificate
            // ("zero-configuration TLS"); the host name is still checked (see verifyFullFailsForAnotherHostName)
            assertThat(login.succeeded()).isTrue();
        } else {
            assertThat(login.failure().orElseThrow().kind()).isEqualTo(Login.Kind.TLS_FAILURE);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void verifyCaAcceptsAnyHostNameAndRequireAcceptsAnyCertificate(DatabaseEngine engine, String engineName) {
        assertThat(login(engine, engineName, "127.0.0.1", TlsMode.VERIFY_CA, Optional.of(tls.caCertificate()))
                .succeeded()).isTrue();
        assertThat(login(engine, engineName, "127.0.0.1", TlsMode.REQUIRE, Optional.empty()).succeeded()).isTrue();
    }
}
