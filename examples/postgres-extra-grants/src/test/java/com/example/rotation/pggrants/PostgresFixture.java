package com.example.rotation.pggrants;

import dev.rotor.testing.PgHba;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * An embedded PostgreSQL server (zonky) that really checks passwords: Rotor's test kit writes its {@code pg_hba.conf}
 * ({@link PgHba}), so every login needs SCRAM-SHA-256, except the bootstrap superuser {@code postgres}, which the
 * fixture uses to set up roles and tables. {@link #GRANTOR} is a superuser with a password, for the grantor secret.
 */
final class PostgresFixture implements AutoCloseable {
    static final String GRANTOR = "grantor_admin";
    static final String GRANTOR_PASSWORD = "grantor-password-1";

    private final EmbeddedPostgres postgres;

    private PostgresFixture(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static PostgresFixture start() {
        try {
            PostgresFixture fixture = new PostgresFixture(EmbeddedPostgres.builder()
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setDataDirectoryCustomizer(PgHba.requirePasswords())
                    .start());
            fixture.execute("CREATE ROLE " + GRANTOR + " WITH LOGIN SUPERUSER PASSWORD '" + GRANTOR_PASSWORD + "'");
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** Runs statements as the bootstrap superuser. */
    void execute(String... statements) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Fixture statement failed: SQLState " + e.getSQLState(), e);
        }
    }

    /** Whether a relation exists, as the bootstrap superuser. */
    boolean exists(String qualifiedName) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, qualifiedName);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Fixture query failed: SQLState " + e.getSQLState(), e);
        }
    }

    /** Whether the user logs in with the password (a refused password is false). */
    boolean canLogin(String user, String password) {
        try (Connection connection = login(user, password)) {
            return connection.isValid(5);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                return false;
            }
            throw new IllegalStateException("Login failed for another reason: SQLState " + e.getSQLState(), e);
        }
    }

    /** Whether the user may read the table (permission denied is false; a refused login is an error). */
    boolean canRead(String user, String password, String qualifiedTable) {
        try (Connection connection = login(user, password); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM " + qualifiedTable).close();
            return true;
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("Read failed for another reason: SQLState " + e.getSQLState(), e);
        }
    }

    private Connection login(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/postgres", properties);
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
