package dev.rotor.mysql;

import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.TimeBudget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** What the MySQL and MariaDB integration tests share: the engines under test, secrets, logins, grant snapshots. */
final class MySqlTesting {
    /** TLS without verification: MariaDB 11.4 makes its own certificate; verification has its own test. */
    static final DatabaseSettings SETTINGS = new DatabaseSettings(TlsMode.REQUIRE, Optional.empty(),
            Duration.ofSeconds(5), Duration.ofSeconds(10));
    static final String MASTER_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rotor-master";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private MySqlTesting() {
    }

    /** The MySQL engine (MySQL Connector/J) and the MariaDB engine (MariaDB Connector/J), with secret engines. */
    static Stream<Arguments> engines() {
        return Stream.of(Arguments.of(new MySqlEngine(), "mysql"), Arguments.of(new MariaDbEngine(), "mariadb"));
    }

    /** A user name unique in this JVM. */
    static String unique(String prefix) {
        return prefix + COUNTER.incrementAndGet();
    }

    static String secretJson(EmbeddedMariaDb db, String engine, String user, String password) {
        return Secret.emptyObject().with("engine", engine).with("host", db.host()).with("port", db.port())
                .with("username", user).with("password", password).with("dbname", "rotor")
                .with("extra", "kept").toSecretString().reveal();
    }

    static Login login(DatabaseEngine engine, Secret secret) {
        DatabaseSecret credentials = DatabaseSecret.parse(secret, engine);
        Login login = Login.attempt(engine, SETTINGS, TimeBudget.of(Duration.ofSeconds(30)), credentials, "test");
        login.connection().ifPresent(connection -> {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return login;
    }

    static boolean logsIn(DatabaseEngine engine, Secret secret) {
        return login(engine, secret).succeeded();
    }

    static Login.Kind failureKind(DatabaseEngine engine, Secret secret) {
        return login(engine, secret).failure().orElseThrow().kind();
    }

    /**
     * Everything the server grants an account, read from the grant tables (not from SHOW GRANTS, which the code
     * under test reads), with the user and host columns left out so that two accounts can be compared.
     */
    static List<String> grantSnapshot(EmbeddedMariaDb db, String user, String host) throws SQLException {
        List<String> rows = new ArrayList<>();
        Set<String> skipped = Set.of("USER", "HOST", "GRANTOR", "TIMESTAMP");
        try (Connection admin = db.admin()) {
            for (String table : List.of("db", "tables_priv", "columns_priv", "procs_priv", "roles_mapping",
                    "proxies_priv")) {
                try (PreparedStatement statement = admin.prepareStatement("SELECT * FROM mysql." + table
                        + " WHERE User = ? AND Host = ?")) {
                    statement.setString(1, user);
                    statement.setString(2, host);
                    try (ResultSet result = statement.executeQuery()) {
                        ResultSetMetaData meta = result.getMetaData();
                        while (result.next()) {
                            StringBuilder row = new StringBuilder(table);
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                if (!skipped.contains(meta.getColumnName(i).toUpperCase(java.util.Locale.ROOT))) {
                                    row.append(' ').append(meta.getColumnName(i)).append('=')
                                            .append(result.getString(i));
                                }
                            }
                            rows.add(row.toString());
                        }
                    }
                }
            }
            try (PreparedStatement statement = admin.prepareStatement("SELECT JSON_VALUE(Priv, '$.access'),"
                    + " default_role FROM mysql.global_priv JOIN mysql.user USING (User, Host)"
                    + " WHERE User = ? AND Host = ?")) {
                statement.setString(1, user);
                statement.setString(2, host);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add("global access=" + result.getString(1) + " default_role=" + result.getString(2));
                    }
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    /** The hosts of the accounts with this user name. */
    static List<String> hosts(EmbeddedMariaDb db, String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (Connection admin = db.admin();
                PreparedStatement statement = admin.prepareStatement("SELECT Host FROM mysql.user WHERE User = ?"
                        + " ORDER BY Host")) {
            statement.setString(1, user);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    hosts.add(result.getString(1));
                }
            }
        }
        return hosts;
    }
}
