package dev.rotor.mysql;

import static dev.rotor.mysql.MySqlTesting.MASTER_ARN;
import static dev.rotor.mysql.MySqlTesting.grantSnapshot;
import static dev.rotor.mysql.MySqlTesting.hosts;
import static dev.rotor.mysql.MySqlTesting.logsIn;
import static dev.rotor.mysql.MySqlTesting.secretJson;
import static dev.rotor.mysql.MySqlTesting.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.jdbc.AlternatingUsers;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.testsupport.LogCapture;
import dev.rotor.testsupport.ScriptedRotation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Alternating-users rotation of a real MariaDB 11.4, with MySQL Connector/J (MySQL engine) and MariaDB's driver. */
class AlternatingUsersRotationIT {
    private static EmbeddedMariaDb db;

    @BeforeAll
    static void startServer() {
        db = EmbeddedMariaDb.shared();
        db.execute("CREATE ROLE IF NOT EXISTS rotor_reader", "GRANT SELECT ON rotor.* TO rotor_reader",
                "CREATE TABLE IF NOT EXISTS rotor.secrets_t (id INT, code VARCHAR(10), note VARCHAR(10))",
                "CREATE PROCEDURE IF NOT EXISTS rotor.ping_proc() SELECT 1");
    }

    private static String superuserSecret() {
        return Secret.emptyObject().with("username", EmbeddedMariaDb.ADMIN).with("password", db.adminPassword())
                .toSecretString().reveal();
    }

    /** A user with every kind of grant: global, database, table, column, routine, role, default role, options. */
    private static ScriptedRotation richUser(String engineName, String user, String host) {
        String account = new MySqlAccount(user, host).sql();
        String password = "Init1al-" + Integer.toHexString(user.hashCode());
        db.execute("CREATE USER " + account + " IDENTIFIED BY '" + password + "'",
                "GRANT PROCESS ON *.* TO " + account,
                "GRANT SELECT, INSERT, CREATE, DROP ON rotor.* TO " + account + " WITH GRANT OPTION",
                "GRANT UPDATE ON rotor.items TO " + account,
                "GRANT SELECT (id, code), UPDATE (note) ON rotor.secrets_t TO " + account,
                "GRANT EXECUTE ON PROCEDURE rotor.ping_proc TO " + account,
                "GRANT rotor_reader TO " + account, "SET DEFAULT ROLE rotor_reader FOR " + account);
        String json = Secret.parse(secretJson(db, engineName, user, password)).with("masterarn", MASTER_ARN)
                .toSecretString().reveal();
        return new ScriptedRotation(json).withOther(MASTER_ARN, superuserSecret());
    }

    private static void assertSameGrants(String user, String alternate, String host) throws SQLException {
        List<String> expected = grantSnapshot(db, user, host);
        assertThat(expected).isNotEmpty();
        assertThat(grantSnapshot(db, alternate, host)).as("grants of %s and %s", user, alternate)
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void rotatesRepeatedlyWithBothUsersWorkingAndIdenticalGrants(DatabaseEngine engine, String engineName)
            throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("alt_");
        ScriptedRotation rotation = richUser(engineName, user, "%");
        for (int i = 0; i < 4; i++) {
            Secret before = rotation.current;
            rotation.rotateWithReruns(changer);
            String expectedUser = i % 2 == 0 ? user + "_clone" : user;
            assertThat(rotation.current.requireString("username")).isEqualTo(expectedUser);
            assertThat(rotation.current.requireString("masterarn")).isEqualTo(MASTER_ARN);
            assertThat(logsIn(engine, rotation.current)).isTrue();
            assertThat(logsIn(engine, before)).as("the previous user still works").isTrue();
            assertSameGrants(user, user + "_clone", "%");
        }
        assertThat(hosts(db, user + "_clone")).containsExactly("%");
        assertThat(grantSnapshot(db, user + "_clone", "%")).contains("roles_mapping Role=rotor_reader Admin_option=N")
                .anyMatch(row -> row.contains("default_role=rotor_reader"));
        // an object one user creates is usable by the other: MySQL privileges are not tied to owners
        try (Connection first = db.connect(user, rotation.current.requireSecret("password").reveal());
                Statement statement = first.createStatement()) {
            statement.execute("CREATE TABLE rotor.made_by_" + user + " (id INT)");
            statement.execute("INSERT INTO rotor.made_by_" + user + " VALUES (1)");
        }
        try (Connection second = db.connect(user + "_clone", rotation.previous.requireSecret("password").reveal());
                Statement statement = second.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM rotor.made_by_" + user)) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void createsTheAlternateAtTheRealHostOfTheAccount(DatabaseEngine engine, String engineName)
            throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("hosted_");
        ScriptedRotation rotation = richUser(engineName, user, "127.0.0.1");
        rotation.rotateWithReruns(changer);
        assertThat(hosts(db, user + "_clone")).containsExactly("127.0.0.1");
        assertSameGrants(user, user + "_clone", "127.0.0.1");
        assertThat(logsIn(engine, rotation.current)).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void takesOverTheStateTheAwsTemplatesLeft(DatabaseEngine engine, String engineName) throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("aws_");
        ScriptedRotation rotation = richUser(engineName, user, "%");
        // the AWS template's clone: at '%', grants copied by text once and since drifted, another password
        String clone = new MySqlAccount(user + "_clone", "%").sql();
        db.execute("CREATE USER " + clone + " IDENTIFIED BY 'Old-Clone-Pass1'",
                "GRANT SELECT, DELETE ON rotor.* TO " + clone, "GRANT RELOAD ON *.* TO " + clone
                        + " WITH GRANT OPTION", "GRANT SELECT ON mysql.user TO " + clone);
        // the current user is the clone, as after an odd number of AWS rotations
        Secret current = rotation.current;
        rotation.current = current.with("username", user + "_clone").with("password", "Old-Clone-Pass1");
        db.execute("GRANT PROCESS ON *.* TO " + clone, "REVOKE RELOAD, GRANT OPTION ON *.* FROM " + clone);
        rotation.rotateWithReruns(changer);
        assertThat(rotation.current.requireString("username")).isEqualTo(user);
        assertThat(logsIn(engine, rotation.current)).isTrue();
        assertSameGrants(user + "_clone", user, "%");
        // and the next rotation goes back to the clone, in sync again
        rotation.rotateWithReruns(changer);
        assertThat(rotation.current.requireString("username")).isEqualTo(user + "_clone");
        assertThat(logsIn(engine, rotation.current)).isTrue();
        assertSameGrants(user, user + "_clone", "%");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void theCurrentCredentialsMustLogInFirst(DatabaseEngine engine, String engineName) throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("deputy_");
        ScriptedRotation rotation = richUser(engineName, user, "%");
        rotation.current = rotation.current.with("password", "Someone-Elses-Guess1");
        rotation.create(changer);
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.LOGIN_FAILED))
                .satisfies(e -> LogCapture.assertNoSecret(e, "Someone-Elses-Guess1", db.adminPassword(),
                        rotation.pending.requireSecret("password").reveal()));
        assertThat(hosts(db, user + "_clone")).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void refusesASuperuserSecretForAnotherHostAndAPendingValueForAnotherUser(DatabaseEngine engine,
            String engineName) throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("guard_");
        ScriptedRotation rotation = richUser(engineName, user, "%");
        rotation.withOther(MASTER_ARN, Secret.parse(superuserSecret()).with("host", "elsewhere.example")
                .toSecretString().reveal());
        rotation.create(changer);
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class).hasMessageContaining("elsewhere.example");
        rotation.pending = rotation.pending.with("username", EmbeddedMariaDb.ADMIN);
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE));
        assertThat(hosts(db, user + "_clone")).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void hostileUserNamesAndLengthEdges(DatabaseEngine engine, String engineName) throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        int room = engine.maxUsernameLength() - AlternatingUsers.SUFFIX.length();
        String tag = unique("h");
        List<String> names = List.of("o'b TO x;" + tag, "back\\sl`ash\"" + tag, "ünï 名前" + tag,
                tag + "_".repeat(room - tag.length()));
        for (String user : names) {
            ScriptedRotation rotation = richUser(engineName, user, "%");
            if (!(engine instanceof MariaDbEngine) && !user.chars().allMatch(c -> c < 128)) {
                // MySQL Connector/J decodes MariaDB 11.4's SHOW GRANTS text wrongly for non-ASCII names: the
                // grantee check notices, and the rotation fails closed with the alternate still locked
                rotation.create(changer);
                assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                        .isInstanceOf(RotationException.class).hasMessageContaining("another grantee");
                assertThat(logsIn(engine, rotation.pending)).isFalse();
                continue;
            }
            rotation.rotateWithReruns(changer);
            assertThat(rotation.current.requireString("username")).isEqualTo(user + "_clone");
            assertThat(logsIn(engine, rotation.current)).as(user).isTrue();
            assertSameGrants(user, user + "_clone", "%");
        }
        String tooLong = tag + "x".repeat(room + 1 - tag.length());
        ScriptedRotation rotation = richUser(engineName, tooLong, "%");
        assertThatThrownBy(() -> rotation.create(changer)).isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("too long");
        assertThat(rotation.pending).isNull();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void malformedSuperuserSecretsGetClearErrorsAndChangeNothing(DatabaseEngine engine, String engineName)
            throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("badsu_");
        for (String[] bad : List.of(new String[] {"plain text", "JSON object"},
                new String[] {"{\"username\": \"" + EmbeddedMariaDb.ADMIN + "\"}", "'password' is missing"},
                new String[] {"{\"username\": 7, \"password\": 1}", "'password' must be a string"},
                new String[] {"{\"username\": \"x\",", "not valid JSON"})) {
            ScriptedRotation rotation;
            try {
                rotation = richUser(engineName, user, "%").withOther(MASTER_ARN, bad[0]);
            } catch (RotationException notJson) {
                assertThat(notJson).hasMessageContaining(bad[1]);
                continue;
            }
            rotation.create(changer);
            assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                    .isInstanceOf(RotationException.class).hasMessageContaining(bad[1]);
            db.execute("DROP USER " + new MySqlAccount(user, "%").sql());
            assertThat(hosts(db, user + "_clone")).isEmpty();
        }
        ScriptedRotation noMaster = new ScriptedRotation(secretJson(db, engineName, "nobody", "x"));
        noMaster.create(changer);
        assertThatThrownBy(() -> changer.apply(noMaster.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class);
    }
}
