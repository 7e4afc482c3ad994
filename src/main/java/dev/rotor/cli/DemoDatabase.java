package dev.rotor.cli;

import dev.rotor.secrets.SecretValue;
import dev.rotor.testing.PgHba;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded PostgreSQL server of {@code rotor demo}. Unlike the embedded server's default (which lets anyone
 * in with any password), it enforces passwords: {@code pg_hba.conf} ({@link PgHba}) trusts only the bootstrap superuser
 * {@code postgres} and requires scram-sha-256 from every other role, so that "the old password is refused" is a
 * fact the server decides.
 */
final class DemoDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;

    private DemoDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a fresh server on a free loopback port. */
    static DemoDatabase start() throws IOException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(PgHba.requirePasswords())
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new DemoDatabase(server);
    }

    int port() {
        return server.getPort();
    }

    /** The server's major version, for example {@code 18.1}. */
    String version() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    /** Creates a login role with a password, as the bootstrap superuser; the password is sent as a literal. */
    void createRole(String name, SecretValue password, String attributes) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + name + " LOGIN " + attributes + " PASSWORD '"
                    + password.reveal().replace("'", "''") + "'");
        }
    }

    /** Runs one statement as the bootstrap superuser. */
    void execute(String sql) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Tries to log in over TCP.
     *
     * @return empty when the login worked, else the server's SQLState (28P01 means a wrong password)
     */
    java.util.Optional<String> login(String user, SecretValue password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password.reveal());
        properties.setProperty("sslmode", "disable");
        properties.setProperty("connectTimeout", "5");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port()
                + "/postgres", properties)) {
            connection.isValid(5);
            return java.util.Optional.empty();
        } catch (SQLException e) {
            return java.util.Optional.of(e.getSQLState() == null ? "unknown" : e.getSQLState());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
