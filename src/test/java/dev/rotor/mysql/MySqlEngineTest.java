package dev.rotor.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * The MySQL-only paths that MariaDB cannot exercise: dual passwords (MySQL 8.0.14+) and MySQL 8's default roles.
 * These are Mockito tests of the SQL sent; they are not run against a real MySQL server.
 */
class MySqlEngineTest {
    private static final DatabaseSecret PENDING = DatabaseSecret.parse(Secret.parse("{\"engine\":\"mysql\","
            + "\"host\":\"db\",\"username\":\"app\",\"password\":\"New-Pass-1\"}"), new MySqlEngine());

    private static Connection serverWithPrivileges(String... privileges) throws SQLException {
        Connection session = mock(Connection.class);
        Statement statement = mock(Statement.class);
        ResultSet rows = mock(ResultSet.class);
        when(session.createStatement()).thenReturn(statement);
        when(statement.executeQuery("SHOW PRIVILEGES")).thenReturn(rows);
        Boolean[] then = new Boolean[privileges.length];
        for (int i = 0; i < privileges.length; i++) {
            then[i] = i < privileges.length - 1;
        }
        when(rows.next()).thenReturn(privileges.length > 0, then);
        if (privileges.length > 0) {
            when(rows.getString(1)).thenReturn(privileges[0],
                    java.util.Arrays.copyOfRange(privileges, 1, privileges.length));
        }
        when(session.prepareStatement(anyString())).thenAnswer(call -> mock(PreparedStatement.class));
        return session;
    }

    @Test
    void dualPasswordsDiscardTheOldOneThenRetainTheCurrentOne() throws SQLException {
        Connection session = serverWithPrivileges("Select", "APPLICATION_PASSWORD_ADMIN", "Usage");
        PreparedStatement change = mock(PreparedStatement.class);
        when(session.prepareStatement("ALTER USER CURRENT_USER() IDENTIFIED BY ? RETAIN CURRENT PASSWORD"))
                .thenReturn(change);
        Statement statement = session.createStatement();
        new MySqlEngine(true).changeOwnPassword(session, PENDING, PENDING);
        InOrder order = inOrder(statement, change);
        order.verify(statement).execute("ALTER USER CURRENT_USER() DISCARD OLD PASSWORD");
        order.verify(change).setString(1, "New-Pass-1");
        order.verify(change).execute();
    }

    @Test
    void withoutTheCapabilityTheSinglePasswordChangeIsUsed() throws SQLException {
        Connection session = serverWithPrivileges("Select", "Usage");
        PreparedStatement change = mock(PreparedStatement.class);
        when(session.prepareStatement("ALTER USER CURRENT_USER() IDENTIFIED BY ?")).thenReturn(change);
        new MySqlEngine(true).changeOwnPassword(session, PENDING, PENDING);
        verify(change).setString(1, "New-Pass-1");
        verify(session.createStatement(), never()).execute("ALTER USER CURRENT_USER() DISCARD OLD PASSWORD");
    }

    @Test
    void dualPasswordsAreOffUnlessEnabled() throws SQLException {
        Connection session = serverWithPrivileges("APPLICATION_PASSWORD_ADMIN");
        PreparedStatement change = mock(PreparedStatement.class);
        when(session.prepareStatement("ALTER USER CURRENT_USER() IDENTIFIED BY ?")).thenReturn(change);
        new MySqlEngine().changeOwnPassword(session, PENDING, PENDING);
        verify(change).execute();
        assertThat(MySqlEngine.fromEnvironment(Map.of(MySqlEngine.DUAL_PASSWORD_ENV, "yes")).dualPasswords())
                .isTrue();
        assertThat(MySqlEngine.fromEnvironment(Map.of()).dualPasswords()).isFalse();
    }

    @Test
    void mysqlDefaultRolesAreSetWithTo() {
        MySqlAccount clone = new MySqlAccount("app_clone", "%");
        assertThat(DefaultRoles.MYSQL.set(clone, java.util.List.of("`r`@`%`", "`w`@`%`")))
                .isEqualTo("SET DEFAULT ROLE `r`@`%`, `w`@`%` TO `app_clone`@`%`");
        assertThat(DefaultRoles.MYSQL.set(clone, java.util.List.of())).isEqualTo("SET DEFAULT ROLE NONE TO"
                + " `app_clone`@`%`");
        assertThat(DefaultRoles.MARIADB.set(clone, java.util.List.of("`r`")))
                .isEqualTo("SET DEFAULT ROLE `r` FOR `app_clone`@`%`");
    }

    @Test
    void driverPropertiesMapEveryTlsModeAndKeepUnsafeFeaturesOff() {
        Properties mysql = new Properties();
        new MySqlEngine().configureDriver(mysql, TlsMode.VERIFY_FULL, Optional.empty());
        assertThat(mysql).containsEntry("sslMode", "VERIFY_IDENTITY").containsEntry("allowLoadLocalInfile", "false")
                .containsEntry("useServerPrepStmts", "false").containsEntry("dumpQueriesOnException", "false")
                .containsEntry("characterEncoding", "UTF-8").containsEntry("characterSetResults", "UTF-8")
                .doesNotContainKey("allowPublicKeyRetrieval");
        Properties mariadb = new Properties();
        new MariaDbEngine().configureDriver(mariadb, TlsMode.REQUIRE, Optional.empty());
        assertThat(mariadb).containsEntry("sslMode", "trust").containsEntry("allowLocalInfile", "false");
        for (TlsMode mode : TlsMode.values()) {
            Properties each = new Properties();
            new MariaDbEngine().configureDriver(each, mode, Optional.empty());
            assertThat(each.getProperty("sslMode")).isIn("disable", "trust", "verify-ca", "verify-full");
        }
    }

    @Test
    void aHostThatCouldInjectUrlParametersIsRefusedBeforeConnecting() {
        DatabaseSecret hostile = DatabaseSecret.parse(Secret.parse("{\"host\":\"db/?allowLoadLocalInfile=true\","
                + "\"username\":\"app\",\"password\":\"p\"}"), new MySqlEngine());
        assertThatThrownBy(() -> new MySqlEngine().connect(hostile, TlsMode.VERIFY_FULL, Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'host'").hasMessageNotContaining("allowLoadLocalInfile");
    }

    @Test
    void enginesDescribeThemselves() {
        assertThat(new MySqlEngine().engineNames()).containsExactlyInAnyOrder("mysql", "aurora-mysql");
        assertThat(new MySqlEngine().maxUsernameLength()).isEqualTo(32);
        assertThat(new MySqlEngine().defaultPort()).isEqualTo(3306);
        assertThat(new MySqlEngine().defaultDatabase()).isEmpty();
        assertThat(new MySqlEngine().defaultExcludeCharacters()).isEqualTo("/@\"'\\");
        assertThat(new MariaDbEngine().engineNames()).containsExactly("mariadb");
        assertThat(new MariaDbEngine().maxUsernameLength()).isEqualTo(80);
    }
}
