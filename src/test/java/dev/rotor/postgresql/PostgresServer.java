package dev.rotor.postgresql;

import dev.rotor.testing.PgHba;
import dev.rotor.tls.TestCertificates;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL server (zonky) that really checks passwords: its {@code pg_hba.conf} is the test kit's
 * {@link PgHba}, so every login needs SCRAM-SHA-256, except the bootstrap superuser {@code postgres}, which the
 * fixture itself uses (trust from loopback) to set up roles and inspect the catalog. Optionally TLS is on, with a
 * certificate from {@link TestCertificates}. The binaries' version is the Maven property
 * {@code postgres.binaries.version}.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start(Optional.empty())) {
 *     pg.execute("CREATE ROLE app LOGIN PASSWORD 'secret'");
 *     assertThat(pg.canLogin("app", "secret")).isTrue();
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    /** A superuser with a password, for the alternating-users superuser secret. */
    public static final String ADMIN = "rotor_admin";

    private final EmbeddedPostgres postgres;
    private final Path logDirectory;

    private PostgresServer(EmbeddedPostgres postgres, Path logDirectory) {
        this.postgres = postgres;
        this.logDirectory = logDirectory;
    }

    /** Starts a server; with certificates, TLS is on (plaintext stays allowed, as on RDS by default). */
    public static PostgresServer start(Optional<TestCertificates> tls) {
        Path logs;
        try {
            logs = Files.createTempDirectory("rotor-pg-log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logs.toString())
                .setDataDirectoryCustomizer(PgHba.requirePasswords());
        tls.ifPresent(certificates -> builder.setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificates.serverCertificate().toString())
                .setServerConfig("ssl_key_file", certificates.serverKey().toString()));
        try {
            PostgresServer server = new PostgresServer(builder.start(), logs);
            server.execute("CREATE ROLE " + ADMIN + " WITH LOGIN SUPERUSER PASSWORD 'admin-password'");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The password of {@link #ADMIN}. */
    public String adminPassword() {
        return "admin-password";
    }

    /** Everything the server logged so far (its own log files, written by the logging collector). */
    public String serverLog() {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logDirectory)) {
            for (Path file : files.sorted().toList()) {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The TCP port. */
    public int port() {
        return postgres.getPort();
    }

    /** The server's major version, for example 18. */
    public int majorVersion() {
        return Integer.parseInt(query("SHOW server_version_num")) / 10_000;
    }

    /** A superuser connection (the bootstrap user) to the database. */
    public Connection admin(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    /** Runs statements as the bootstrap superuser in database {@code postgres}. */
    public void execute(String... statements) {
        executeIn("postgres", statements);
    }

    /** Drops the roles that exist among those named, with whatever they own in database {@code postgres}. */
    public void dropRoles(String... names) {
        for (String name : names) {
            String quoted = PostgreSqlEngine.quote(name);
            if (!"0".equals(query("SELECT count(*) FROM pg_roles WHERE rolname = " + PostgreSqlEngine.literal(name)))) {
                execute("DROP OWNED BY " + quoted + " CASCADE", "DROP ROLE " + quoted);
            }
        }
    }

    /** Runs statements as the bootstrap superuser in a database. */
    public void executeIn(String database, String... statements) {
        try (Connection connection = admin(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Fixture statement failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as the bootstrap superuser; null when there is no row. */
    public String query(String sql) {
        try (Connection connection = admin("postgres"); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Fixture query failed: " + e.getMessage(), e);
        }
    }

    /** Opens a plaintext connection with a password, to database {@code postgres}. */
    public Connection login(String user, String password) throws SQLException {
        return login(user, password, "postgres");
    }

    /** Opens a plaintext connection with a password. */
    public Connection login(String user, String password, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, properties);
    }

    /** Whether the user logs in with the password (a refused password is false; other errors are thrown). */
    public boolean canLogin(String user, String password) {
        try (Connection connection = login(user, password)) {
            return connection.isValid(5);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                return false;
            }
            throw new IllegalStateException("Login failed for another reason: SQLState " + e.getSQLState(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
