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
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretValue;
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
                "José Müller-Ærø " + tag, "名前の利用者" + tag, "Ωμέγα Юзер " + tag,
                tag + "_".repeat(room - tag.length()));
        for (String user : names) {
            ScriptedRotation rotation = richUser(engineName, user, "%");
            rotation.rotateWithReruns(changer);
            assertThat(rotation.current.requireString("username")).isEqualTo(user + "_clone");
            assertThat(logsIn(engine, rotation.current)).as(user).isTrue();
            assertSameGrants(user, user + "_clone", "%");
            rotation.rotateWithReruns(changer);
            assertThat(rotation.current.requireString("username")).isEqualTo(user);
            assertThat(logsIn(engine, rotation.current)).as(user).isTrue();
        }
        // a 4-byte character: the grant tables hold user names as utf8mb3, and MariaDB stores it as '?'; copying
        // such an account would copy whichever account has the '?' name, so Rotor refuses before creating anything
        String emoji = "emoji😀" + tag;
        String emojiPassword = "Init1al-" + tag;
        // a backtick name with a 4-byte character is refused; a quoted string is stored with '?' for it
        db.runAsRoot("CREATE USER '" + emoji + "'@'%' IDENTIFIED BY '" + emojiPassword + "';"
                + " GRANT SELECT ON rotor.* TO '" + emoji + "'@'%';");
        ScriptedRotation withEmoji = new ScriptedRotation(Secret.parse(secretJson(db, engineName, emoji,
                emojiPassword)).with("masterarn", MASTER_ARN).toSecretString().reveal())
                .withOther(MASTER_ARN, superuserSecret());
        assertThat(hosts(db, "emoji?" + tag)).as("MariaDB's stand-in account").containsExactly("%");
        assertThat(logsIn(engine, withEmoji.current)).isTrue();
        withEmoji.create(changer);
        assertThatThrownBy(() -> changer.apply(withEmoji.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class).hasMessageContaining("Basic Multilingual Plane")
                .hasMessageContaining(emoji)
                .satisfies(e -> LogCapture.assertNoSecret(e, db.adminPassword(),
                        withEmoji.pending.requireSecret("password").reveal()));
        assertThat(hosts(db, "emoji?" + tag + "_clone")).isEmpty();
        assertThat(logsIn(engine, withEmoji.pending)).isFalse();
        String tooLong = tag + "x".repeat(room + 1 - tag.length());
        ScriptedRotation rotation = richUser(engineName, tooLong, "%");
        assertThatThrownBy(() -> rotation.create(changer)).isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("too long");
        assertThat(rotation.pending).isNull();
    }

    /** The account attributes of an account, from mysql.user (not from SHOW CREATE USER, which is not read). */
    private static List<String> attributes(String user, String host) throws SQLException {
        try (Connection admin = db.admin();
                var statement = admin.prepareStatement("SELECT plugin, ssl_type, ssl_cipher, x509_issuer,"
                        + " x509_subject, max_questions, max_updates, max_connections, max_user_connections,"
                        + " max_statement_time FROM mysql.user WHERE User = ? AND Host = ?")) {
            statement.setString(1, user);
            statement.setString(2, host);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("account %s@%s exists", user, host).isTrue();
                List<String> values = new java.util.ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    values.add(row.getString(i));
                }
                return values;
            }
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void copiesTheTlsRequirementAndResourceLimitsAndKeepsThemInSync(DatabaseEngine engine, String engineName)
            throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("attrs_");
        ScriptedRotation rotation = richUser(engineName, user, "%");
        String account = new MySqlAccount(user, "%").sql();
        db.execute("ALTER USER " + account + " REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 1000 MAX_UPDATES_PER_HOUR 500"
                + " MAX_CONNECTIONS_PER_HOUR 2000 MAX_USER_CONNECTIONS 20 MAX_STATEMENT_TIME 30.5");
        rotation.rotateWithReruns(changer);
        assertThat(rotation.current.requireString("username")).isEqualTo(user + "_clone");
        assertThat(attributes(user + "_clone", "%")).isEqualTo(attributes(user, "%"))
                .containsSubsequence("mysql_native_password", "ANY").contains("1000", "500", "2000", "20");
        assertThat(logsIn(engine, rotation.current)).isTrue();
        // the clone really requires TLS now: a plaintext login is refused
        assertThat(logsIn(engine, rotation.current.with("ssl", "disable"))).isFalse();
        rotation.rotateWithReruns(changer);
        assertThat(rotation.current.requireString("username")).isEqualTo(user);
        // the source changes: lower limits, no TLS requirement, no statement time; the next rotation follows
        db.execute("ALTER USER " + account + " REQUIRE NONE WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 7"
                + " MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 3 MAX_STATEMENT_TIME 0");
        rotation.rotateWithReruns(changer);
        assertThat(rotation.current.requireString("username")).isEqualTo(user + "_clone");
        assertThat(attributes(user + "_clone", "%")).isEqualTo(attributes(user, "%")).contains("7", "3");
        assertThat(logsIn(engine, rotation.current.with("ssl", "disable"))).isTrue();
        assertSameGrants(user, user + "_clone", "%");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void copiesIssuerSubjectAndCipherRequirementsAndFailsClosedOnAnUnreadableLine(DatabaseEngine engine,
            String engineName) throws SQLException {
        // these accounts cannot log in without a client certificate, so the copy is checked below the strategy
        MySqlAccount source = new MySqlAccount(unique("x509_"), "%");
        MySqlAccount target = new MySqlAccount(source.user() + "_clone", "%");
        db.execute("CREATE USER " + source.sql() + " IDENTIFIED BY 'Unused-Pass-1' REQUIRE ISSUER '/C=FI/O=Brien"
                + " \\\\ Co/CN=CA' AND SUBJECT '/C=FI/CN=app ünï' AND CIPHER 'ECDHE-RSA-AES256-GCM-SHA384'"
                + " WITH MAX_USER_CONNECTIONS 2", "CREATE USER " + target.sql() + " IDENTIFIED BY 'Unused-Pass-2'");
        DatabaseSecret admin = DatabaseSecret.parse(Secret.parse(superuserSecret()).with("host", db.host())
                .with("port", db.port()).with("engine", engineName), engine);
        MySqlEngine mysql = (MySqlEngine) engine;
        try (Connection session = mysql.connect(admin, TlsMode.REQUIRE, java.util.Optional.empty(),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10))) {
            new GrantCopier(mysql, session).provision(source.user(), target.user(), SecretValue.of("New-Pass-3"));
        }
        List<String> copied = attributes(target.user(), "%");
        assertThat(copied).isEqualTo(attributes(source.user(), "%"))
                .contains("SPECIFIED", "/C=FI/O=Brien \\ Co/CN=CA", "/C=FI/CN=app ünï",
                        "ECDHE-RSA-AES256-GCM-SHA384", "2");
        // MariaDB prints a quote inside ISSUER unescaped in SHOW GRANTS: the line no longer parses, and Rotor stops
        MySqlAccount quoted = new MySqlAccount(unique("x509q_"), "%");
        db.execute("CREATE USER " + quoted.sql() + " IDENTIFIED BY 'Unused-Pass-4' REQUIRE ISSUER '/O=O''Brien'");
        try (Connection session = mysql.connect(admin, TlsMode.REQUIRE, java.util.Optional.empty(),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> new GrantCopier(mysql, session).provision(quoted.user(), quoted.user()
                    + "_clone", SecretValue.of("New-Pass-5"))).isInstanceOf(RotationException.class)
                    .hasMessageContaining("SHOW GRANTS FOR " + quoted).hasMessageNotContaining("Brien");
        }
        assertThat(hosts(db, quoted.user() + "_clone")).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void anAccountWithSeveralAuthenticationPluginsFailsClosed(DatabaseEngine engine, String engineName)
            throws SQLException {
        DatabaseChanger changer = DatabaseChanger.alternatingUsers(engine, MySqlTesting.SETTINGS);
        String user = unique("plugins_");
        ScriptedRotation rotation = richUser(engineName, user, "%");
        String password = rotation.current.requireSecret("password").reveal();
        db.execute("ALTER USER " + new MySqlAccount(user, "%").sql() + " IDENTIFIED VIA mysql_native_password USING"
                + " PASSWORD('" + password + "') OR unix_socket");
        rotation.create(changer);
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class).hasMessageContaining("'" + user + "'@'%'")
                .hasMessageContaining("several alternative plugins")
                .satisfies(e -> LogCapture.assertNoSecret(e, password, db.adminPassword(),
                        rotation.pending.requireSecret("password").reveal()));
        assertThat(hosts(db, user + "_clone")).isEmpty();
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
