package dev.rotor.postgresql;

import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One embedded PostgreSQL server with TLS per test JVM, shared by the rotation tests, and the settings that verify
 * it fully (verify-full to {@code localhost} with the test CA as the bundle).
 */
final class PostgresTlsServer {
    private static PostgresServer server;
    private static TestCertificates certificates;

    private PostgresTlsServer() {
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    static synchronized PostgresServer get() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("rotor-pg-tls");
                certificates = TestCertificates.create(dir, "dns:localhost");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = PostgresServer.start(Optional.of(certificates));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** verify-full with the test CA, 3 s to connect, 5 s per statement. */
    static DatabaseSettings settings() {
        get();
        return new DatabaseSettings(TlsMode.VERIFY_FULL, Optional.of(certificates.caCertificate()),
                Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    /** The CA bundle of the server's certificate. */
    static Path caBundle() {
        get();
        return certificates.caCertificate();
    }

    /** A secret of the AWS templates' format for the user, at {@code localhost}. */
    static Secret secret(String username, String password, String... extraKeyValues) {
        Secret secret = Secret.emptyObject().with("engine", "postgres").with("host", "localhost")
                .with("port", get().port()).with("username", username).with("password", password)
                .with("dbname", "postgres");
        for (int i = 0; i + 1 < extraKeyValues.length; i += 2) {
            secret = secret.with(extraKeyValues[i], extraKeyValues[i + 1]);
        }
        return secret;
    }
}
