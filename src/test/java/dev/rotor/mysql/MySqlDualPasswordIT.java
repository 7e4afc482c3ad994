package dev.rotor.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.TimeBudget;
import dev.rotor.testing.ConformanceCheck;
import dev.rotor.testing.ConformanceReport;
import dev.rotor.testsupport.LogCapture;
import dev.rotor.testsupport.ScriptedRotation;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dual-password single-user rotation against a real MySQL 8.0.14+ server, which no Maven artifact ships: the server
 * is given by the environment, and without it every test here is reported as skipped.
 *
 * <ul>
 *   <li>{@code ROTOR_TEST_MYSQL_URL}: {@code mysql://host:port} (a {@code jdbc:} prefix and a path are ignored);
 *   <li>{@code ROTOR_TEST_MYSQL_ADMIN_USER}, {@code ROTOR_TEST_MYSQL_ADMIN_PASSWORD}: an account with
 *       {@code CREATE USER} and {@code APPLICATION_PASSWORD_ADMIN} {@code WITH GRANT OPTION} (root will do);
 *   <li>{@code ROTOR_TEST_MYSQL_TLS_MODE} (optional, default {@code require}): how the tests connect.
 * </ul>
 * The tests create users named {@code rotor_dual_...} and drop them afterwards.
 */
class MySqlDualPasswordIT {
    static final String URL_ENV = "ROTOR_TEST_MYSQL_URL";
    static final String USER_ENV = "ROTOR_TEST_MYSQL_ADMIN_USER";
    static final String PASSWORD_ENV = "ROTOR_TEST_MYSQL_ADMIN_PASSWORD";
    static final String TLS_ENV = "ROTOR_TEST_MYSQL_TLS_MODE";

    private static final List<MySqlAccount> CREATED = new ArrayList<>();
    private static String host;
    private static int port;
    private static DatabaseSettings settings;
    private static Secret admin;

    @BeforeAll
    static void server() {
        Map<String, String> env = System.getenv();
        assumeTrue(present(env, URL_ENV) && present(env, USER_ENV) && present(env, PASSWORD_ENV), "no MySQL 8.0.14+"
                + " server given: set " + URL_ENV + " (mysql://host:port), " + USER_ENV + " and " + PASSWORD_ENV
                + " to run the dual-password tests against one");
        URI uri = URI.create(env.get(URL_ENV).strip().replaceFirst("^jdbc:", ""));
        host = uri.getHost();
        port = uri.getPort() < 0 ? 3306 : uri.getPort();
        TlsMode tls = present(env, TLS_ENV) ? TlsMode.parse(env.get(TLS_ENV), TLS_ENV) : TlsMode.REQUIRE;
        settings = new DatabaseSettings(tls, Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        admin = secret(env.get(USER_ENV), env.get(PASSWORD_ENV));
    }

    @AfterAll
    static void dropUsers() throws SQLException {
        if (admin == null || CREATED.isEmpty()) {
            return;
        }
        try (Connection session = connect(admin)) {
            for (MySqlAccount account : CREATED) {
                MySqlEngine.execute(session, "DROP USER IF EXISTS " + account.sql());
            }
        }
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    private static Secret secret(String user, String password) {
        return Secret.emptyObject().with("engine", "mysql").with("host", host).with("port", port)
                .with("username", user).with("password", password).with("extra", "kept");
    }

    private static Connection connect(Secret secret) throws SQLException {
        MySqlEngine engine = new MySqlEngine();
        return engine.connect(DatabaseSecret.parse(secret, engine), settings.tlsMode(), Optional.empty(),
                settings.connectTimeout(), settings.statementTimeout());
    }

    private static boolean logsIn(Secret secret) {
        MySqlEngine engine = new MySqlEngine();
        Login login = Login.attempt(engine, settings, TimeBudget.of(Duration.ofSeconds(30)),
                DatabaseSecret.parse(secret, engine), "test");
        login.connection().ifPresent(dev.rotor.jdbc.DatabaseTarget::close);
        return login.succeeded();
    }

    /** A new user that may keep a secondary password, and its secret. */
    private static Secret newUser() throws SQLException {
        String user = "rotor_dual_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Init1al-" + UUID.randomUUID();
        MySqlAccount account = new MySqlAccount(user, "%");
        try (Connection session = connect(admin)) {
            assertThat(new MySqlEngine(true).supportsDualPasswords(session))
                    .as("%s names a server with dual passwords (MySQL 8.0.14+)", URL_ENV).isTrue();
            MySqlEngine.executeWithPassword(session, "CREATE USER " + account.sql() + " IDENTIFIED BY ?",
                    dev.rotor.secrets.SecretValue.of(password));
            CREATED.add(account);
            MySqlEngine.execute(session, "GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO " + account.sql());
        }
        return secret(user, password);
    }

    @Test
    void bothPasswordsLogInAfterSetSecretAndTheOldOneIsDiscardedByTheNextRotation() throws SQLException {
        DatabaseChanger changer = DatabaseChanger.singleUser(MySqlEngine.fromEnvironment(
                Map.of(MySqlEngine.DUAL_PASSWORD_ENV, "true")), settings);
        ScriptedRotation rotation = new ScriptedRotation(newUser().toSecretString().reveal());
        Secret initial = rotation.current;
        try (LogCapture logs = LogCapture.start()) {
            rotation.create(changer);
            changer.apply(rotation.context(dev.rotor.Step.SET_SECRET));
            assertThat(logsIn(rotation.pending)).as("the new password").isTrue();
            assertThat(logsIn(initial)).as("the old password, retained as the secondary one").isTrue();
            changer.apply(rotation.context(dev.rotor.Step.SET_SECRET));
            changer.verify(rotation.context(dev.rotor.Step.TEST_SECRET));
            rotation.finish(changer);
            assertThat(logsIn(initial)).as("still valid until the next rotation").isTrue();

            Secret first = rotation.current;
            rotation.create(changer);
            changer.apply(rotation.context(dev.rotor.Step.SET_SECRET));
            assertThat(logsIn(initial)).as("discarded by the next rotation").isFalse();
            assertThat(logsIn(first)).as("the previous password, now the secondary one").isTrue();
            assertThat(logsIn(rotation.pending)).isTrue();
            changer.verify(rotation.context(dev.rotor.Step.TEST_SECRET));
            rotation.finish(changer);
            assertThat(logs.text()).contains("retaining the old one as secondary until the next rotation")
                    .doesNotContain("does not support them");
            logs.assertContainsNone(initial.requireSecret("password").reveal(),
                    first.requireSecret("password").reveal(), rotation.current.requireSecret("password").reveal());
        }
        assertThat(rotation.current.requireString("extra")).isEqualTo("kept");
    }

    @Test
    void theHandlerPassesTheConformanceCheckWithNoLoginWindow() throws SQLException {
        Secret initial = newUser();
        MySqlEngine engine = new MySqlEngine(true);
        ConformanceReport report = ConformanceCheck.of(client -> new MySqlSingleUserHandler(client,
                RotorConfig.fromEnvironment(Map.of()), settings, engine), MySqlDualPasswordIT::logsIn,
                ConformanceCheck.Strategy.DUAL_PASSWORD).secret(initial.toSecretString().reveal()).echoLogs(false)
                .run();
        assertThat(report.violations()).as(report.toString()).isEmpty();
    }
}
