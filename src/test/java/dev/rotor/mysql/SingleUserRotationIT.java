package dev.rotor.mysql;

import static dev.rotor.mysql.MySqlTesting.failureKind;
import static dev.rotor.mysql.MySqlTesting.logsIn;
import static dev.rotor.mysql.MySqlTesting.secretJson;
import static dev.rotor.mysql.MySqlTesting.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.jdbc.Login;
import dev.rotor.secrets.Secret;
import dev.rotor.testsupport.LogCapture;
import dev.rotor.testsupport.ScriptedRotation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Single-user rotation of a real MariaDB 11.4, with MySQL Connector/J (MySQL engine) and MariaDB Connector/J. */
class SingleUserRotationIT {
    private static EmbeddedMariaDb db;

    @BeforeAll
    static void startServer() {
        db = EmbeddedMariaDb.shared();
    }

    private static ScriptedRotation newUser(String engineName, String user) {
        String password = "Init1al-" + user.hashCode();
        if (user.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            // a backtick name with a 4-byte character is refused; a quoted string is stored with '?' for it
            db.runAsRoot("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "';"
                    + " GRANT SELECT, INSERT ON rotor.* TO '" + user + "'@'%';");
            return new ScriptedRotation(secretJson(db, engineName, user, password));
        }
        db.execute("CREATE USER " + new MySqlAccount(user, "%").sql() + " IDENTIFIED BY '" + password + "'",
                "GRANT SELECT, INSERT ON rotor.* TO " + new MySqlAccount(user, "%").sql());
        return new ScriptedRotation(secretJson(db, engineName, user, password));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void rotatesRepeatedlyAndTheOldPasswordIsRefused(DatabaseEngine engine, String engineName) {
        DatabaseChanger changer = DatabaseChanger.singleUser(engine, MySqlTesting.SETTINGS);
        ScriptedRotation rotation = newUser(engineName, unique("single_"));
        List<Secret> seen = new ArrayList<>();
        seen.add(rotation.current);
        for (int i = 0; i < 3; i++) {
            rotation.rotateWithReruns(changer);
            assertThat(logsIn(engine, rotation.current)).isTrue();
            for (Secret old : seen) {
                assertThat(failureKind(engine, old)).isEqualTo(Login.Kind.AUTHENTICATION_REFUSED);
            }
            assertThat(rotation.current.requireString("username")).isEqualTo(seen.get(0).requireString("username"));
            assertThat(rotation.current.requireString("extra")).isEqualTo("kept");
            seen.add(rotation.current);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void hostileUserNamesRotate(DatabaseEngine engine, String engineName) {
        DatabaseChanger changer = DatabaseChanger.singleUser(engine, MySqlTesting.SETTINGS);
        int max = engine.maxUsernameLength();
        for (String user : List.of("o'brien" + max, "semi;colon" + max, "back\\slash" + max, "sp ace" + max,
                "dq\"bt`" + max, "ünïcødé-名前" + max,
                "José Müller-Ærø" + max, "名前の利用者" + max, "emoji😀" + max,
                "x".repeat(max - 3) + unique("").substring(0, 1) + max % 100)) {
            String name = user.length() > max ? user.substring(0, max) : user;
            ScriptedRotation rotation = newUser(engineName, name);
            Secret before = rotation.current;
            rotation.rotateWithReruns(changer);
            assertThat(logsIn(engine, rotation.current)).as(name).isTrue();
            assertThat(failureKind(engine, before)).as(name).isEqualTo(Login.Kind.AUTHENTICATION_REFUSED);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void fallsBackToThePreviousPasswordWhenTheCurrentOneFails(DatabaseEngine engine, String engineName) {
        DatabaseChanger changer = DatabaseChanger.singleUser(engine, MySqlTesting.SETTINGS);
        ScriptedRotation rotation = newUser(engineName, unique("prev_"));
        Secret working = rotation.current;
        rotation.previous = working;
        rotation.current = working.with("password", "Not-The-Password-1");
        rotation.create(changer);
        changer.apply(rotation.context(Step.SET_SECRET));
        assertThat(logsIn(engine, rotation.pending)).isTrue();
        assertThat(logsIn(engine, working)).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void whenNothingLogsInTheErrorSaysWhyWithoutSecrets(DatabaseEngine engine, String engineName) {
        DatabaseChanger changer = DatabaseChanger.singleUser(engine, MySqlTesting.SETTINGS);
        ScriptedRotation rotation = newUser(engineName, unique("nologin_"));
        Secret working = rotation.current;
        rotation.current = working.with("password", "Wrong-Current-1");
        rotation.previous = working.with("password", "Wrong-Previous-1");
        rotation.create(changer);
        String pendingPassword = rotation.pending.requireSecret("password").reveal();
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                    .isInstanceOf(RotationException.class)
                    .satisfies(e -> {
                        assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.LOGIN_FAILED);
                        assertThat(e.getMessage()).contains("AWSPENDING: authentication refused",
                                "AWSCURRENT: authentication refused", "AWSPREVIOUS: authentication refused");
                        LogCapture.assertNoSecret(e, "Wrong-Current-1", "Wrong-Previous-1", pendingPassword,
                                working.requireSecret("password").reveal());
                    });
            logs.assertContainsNone("Wrong-Current-1", "Wrong-Previous-1", pendingPassword,
                    working.requireSecret("password").reveal());
        }
        assertThat(logsIn(engine, working)).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void refusesAPendingValueForAnotherUserOrHost(DatabaseEngine engine, String engineName) {
        DatabaseChanger changer = DatabaseChanger.singleUser(engine, MySqlTesting.SETTINGS);
        ScriptedRotation rotation = newUser(engineName, unique("guard_"));
        Secret working = rotation.current;
        rotation.pending = working.with("password", "Pending-1").with("username", "root");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class)
                .extracting(e -> ((RotationException) e).errorCode()).isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE);
        rotation.pending = working.with("password", "Pending-1").with("host", "localhost");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class)
                .extracting(e -> ((RotationException) e).errorCode()).isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE);
        assertThat(logsIn(engine, working)).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void malformedSecretsGetClearErrorsAndChangeNothing(DatabaseEngine engine, String engineName) {
        DatabaseChanger changer = DatabaseChanger.singleUser(engine, MySqlTesting.SETTINGS);
        ScriptedRotation rotation = newUser(engineName, unique("bad_"));
        Secret working = rotation.current;
        String good = working.toSecretString().reveal();
        List<String[]> cases = List.of(
                new String[] {"not json", "plain string"},
                new String[] {good.replace("\"host\"", "\"hostname\""), "'host' is missing"},
                new String[] {good.replace("\"port\":" + db.port(), "\"port\":[1]"), "'port' must be"},
                new String[] {good.replace("\"engine\":\"" + engineName + "\"", "\"engine\":\"oracle\""),
                    "engine 'oracle'"},
                new String[] {good.replace("\"username\"", "\"user\""), "'username' is missing"});
        for (String[] bad : cases) {
            ScriptedRotation broken = new ScriptedRotation(good);
            broken.pending = Secret.parse(bad[0], "AWSPENDING");
            assertThatThrownBy(() -> changer.apply(broken.context(Step.SET_SECRET)))
                    .isInstanceOf(RotationException.class).hasMessageContaining(bad[1]);
            broken.pending = null;
            broken.current = Secret.parse(bad[0], "AWSCURRENT");
            assertThatThrownBy(() -> broken.create(changer)).isInstanceOf(RotationException.class)
                    .hasMessageContaining(bad[1]);
            assertThat(broken.pending).isNull();
        }
        assertThat(logsIn(engine, working)).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.rotor.mysql.MySqlTesting#engines")
    void mariaDbHasNoDualPasswordsAndTheRequestedModeFallsBackToOnePasswordWithAWarning(DatabaseEngine engine,
            String engineName) throws Exception {
        ScriptedRotation rotation = newUser(engineName, unique("dual_"));
        Login login = MySqlTesting.login(engine, rotation.current);
        assertThat(login.succeeded()).isTrue();
        try (var session = db.connect(rotation.current.requireString("username"),
                rotation.current.requireSecret("password").reveal())) {
            assertThat(((MySqlEngine) engine).supportsDualPasswords(session)).isFalse();
            assertThat(new MySqlEngine(true).supportsDualPasswords(session)).isFalse();
        }
        // requested (as ROTOR_MYSQL_DUAL_PASSWORD=true would) but unsupported: the single-password change, warned
        MySqlEngine requested = engine instanceof MariaDbEngine ? new MariaDbEngine() : MySqlEngine.fromEnvironment(
                java.util.Map.of(MySqlEngine.DUAL_PASSWORD_ENV, "true"));
        DatabaseChanger dual = DatabaseChanger.singleUser(requested, MySqlTesting.SETTINGS);
        Secret before = rotation.current;
        try (LogCapture logs = LogCapture.start()) {
            rotation.rotateWithReruns(dual);
            if (requested.dualPasswords()) {
                assertThat(logs.text()).contains("Dual passwords are enabled (ROTOR_MYSQL_DUAL_PASSWORD), but MySQL"
                        + " at 127.0.0.1:" + db.port() + " does not support them; the old password stops working now")
                        .doesNotContain("retaining the old one");
            }
            logs.assertContainsNone(before.requireSecret("password").reveal(),
                    rotation.current.requireSecret("password").reveal());
        }
        assertThat(logsIn(engine, rotation.current)).isTrue();
        assertThat(failureKind(engine, before)).as("no secondary password on MariaDB")
                .isEqualTo(Login.Kind.AUTHENTICATION_REFUSED);
        // and again: nothing to discard, the next rotation works the same way
        Secret second = rotation.current;
        rotation.rotateWithReruns(dual);
        assertThat(logsIn(engine, rotation.current)).isTrue();
        assertThat(failureKind(engine, second)).isEqualTo(Login.Kind.AUTHENTICATION_REFUSED);
    }
}
