package dev.rotor.postgresql;

import static dev.rotor.postgresql.PostgreSqlEngine.literal;
import static dev.rotor.postgresql.PostgreSqlEngine.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.secrets.Secret;
import dev.rotor.testsupport.ScriptedRotation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alternating-users rotation against a real server, driven through the changer with in-memory secret values. */
class PostgreSqlAlternatingUsersIT {
    private static final String MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:master-XyZ";
    private static final String[] TABLE_PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
        "REFERENCES", "TRIGGER"};
    private static final AtomicInteger IDS = new AtomicInteger();

    private final PostgresServer pg = PostgresTlsServer.get();
    private final DatabaseChanger changer = DatabaseChanger.alternatingUsers(new PostgreSqlEngine(),
            PostgresTlsServer.settings());

    /** A user with a schema and a table of its own, a grant on a table it does not own, and a master secret. */
    private ScriptedRotation newUser(String username) {
        pg.dropRoles(username, username + "_clone");
        String password = ScriptedRotation.randomPassword().reveal();
        String schema = "s" + IDS.incrementAndGet();
        pg.execute("CREATE ROLE " + quote(username) + " LOGIN PASSWORD " + literal(password),
                "CREATE SCHEMA " + schema + " AUTHORIZATION " + quote(username),
                "CREATE TABLE " + schema + ".shared (id int)",
                "GRANT SELECT, INSERT ON " + schema + ".shared TO " + quote(username));
        try (Connection session = pg.login(username, password); Statement statement = session.createStatement()) {
            statement.execute("CREATE TABLE " + schema + ".owned (id int)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ScriptedRotation rotation = new ScriptedRotation(PostgresTlsServer.secret(username, password, "masterarn",
                MASTER_ARN, "schema_under_test", schema));
        rotation.others.put(MASTER_ARN, Secret.emptyObject().with("username", PostgresServer.ADMIN)
                .with("password", pg.adminPassword()));
        return rotation;
    }

    private static String user(Secret secret) {
        return secret.requireString("username");
    }

    private static String password(Secret secret) {
        return secret.requireSecret("password").reveal();
    }

    /** Every table privilege of the user on every table of the schema, as "table:PRIVILEGE", in one query. */
    private List<String> privileges(String username, String schema) {
        String list = pg.query("SELECT string_agg(c.relname || ':' || p, ',' ORDER BY c.relname, p) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN unnest(ARRAY['"
                + String.join("','", TABLE_PRIVILEGES) + "']) p WHERE n.nspname = " + literal(schema)
                + " AND c.relkind = 'r' AND has_table_privilege(" + literal(username) + ", c.oid, p)");
        return list == null ? List.of() : List.of(list.split(","));
    }

    private void run(Secret credentials, String... statements) {
        try (Connection session = pg.login(user(credentials), password(credentials));
                Statement statement = session.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("As " + user(credentials) + ": " + e.getMessage(), e);
        }
    }

    /** Both users log in, have the same privileges, and each uses and alters what the other created. */
    private void assertEquivalent(Secret a, Secret b, String schema, int round) {
        assertThat(pg.canLogin(user(a), password(a))).isTrue();
        assertThat(pg.canLogin(user(b), password(b))).isTrue();
        String byA = schema + ".by_a_" + round;
        String byB = schema + ".by_b_" + round;
        run(a, "CREATE TABLE " + byA + " (id int)", "INSERT INTO " + byA + " VALUES (1)");
        run(b, "CREATE TABLE " + byB + " (id int)", "INSERT INTO " + byB + " VALUES (2)",
                "INSERT INTO " + byA + " VALUES (3)", "ALTER TABLE " + byA + " ADD COLUMN note text",
                "INSERT INTO " + schema + ".owned VALUES (4)", "SELECT * FROM " + schema + ".shared");
        run(a, "INSERT INTO " + byB + " VALUES (5)", "ALTER TABLE " + byB + " ADD COLUMN note text",
                "CREATE INDEX ON " + byB + " (id)");
        assertThat(privileges(user(a), schema)).isEqualTo(privileges(user(b), schema))
                .contains("owned:TRUNCATE", "shared:SELECT", "shared:INSERT").doesNotContain("shared:DELETE");
    }

    @Test
    void rotatesRepeatedlyAndBothUsersStayEquivalent() {
        ScriptedRotation rotation = newUser("alt_" + IDS.incrementAndGet());
        String base = user(rotation.current);
        String schema = rotation.current.requireString("schema_under_test");
        for (int round = 1; round <= 4; round++) {
            Secret before = rotation.current;
            rotation.rotateWithReruns(changer);
            assertThat(user(rotation.current)).isEqualTo(round % 2 == 1 ? base + "_clone" : base);
            assertThat(rotation.current.requireString("schema_under_test")).isEqualTo(schema);
            assertEquivalent(before, rotation.current, schema, round);
        }
        // privileges granted to the owner later reach the member at once, without a rotation
        pg.execute("CREATE TABLE " + schema + ".later (id int)", "GRANT SELECT ON " + schema + ".later TO "
                + quote(base));
        assertThat(privileges(base + "_clone", schema)).contains("later:SELECT");
        assertThat(pg.query("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "' AND tableowner = "
                + literal(base + "_clone"))).isEqualTo("0"); // what the clone created belongs to the owner
    }

    @Test
    void roleAttributesOfTheOwnerReachTheMemberOnEveryRotation() {
        ScriptedRotation rotation = newUser("alt_attr_" + IDS.incrementAndGet());
        String base = user(rotation.current);
        rotation.rotateWithReruns(changer);
        assertThat(pg.query("SELECT rolcreatedb FROM pg_roles WHERE rolname = " + literal(base + "_clone")))
                .isEqualTo("f");
        pg.execute("ALTER ROLE " + quote(base) + " CREATEDB CONNECTION LIMIT 7");
        rotation.rotateWithReruns(changer);
        rotation.rotateWithReruns(changer);
        assertThat(pg.query("SELECT rolcreatedb || ' ' || rolconnlimit FROM pg_roles WHERE rolname = "
                + literal(base + "_clone"))).isEqualTo("true 7");
    }

    @Test
    void takesOverAPairMadeByTheAwsTemplates() {
        // the AWS template's state: name_clone created with GRANT name TO name_clone, and is now current
        ScriptedRotation rotation = newUser("alt_aws_" + IDS.incrementAndGet());
        String base = user(rotation.current);
        String schema = rotation.current.requireString("schema_under_test");
        String clonePassword = ScriptedRotation.randomPassword().reveal();
        pg.execute("CREATE ROLE " + quote(base + "_clone") + " WITH LOGIN PASSWORD " + literal(clonePassword),
                "GRANT " + quote(base) + " TO " + quote(base + "_clone"));
        Secret clone = rotation.current.with("username", base + "_clone").with("password", clonePassword);
        run(clone, "CREATE TABLE " + schema + ".made_by_clone (id int)");
        assertThat(privileges(base, schema)).doesNotContain("made_by_clone:SELECT"); // the template's weakness
        rotation.previous = rotation.current;
        rotation.current = clone;

        rotation.rotateWithReruns(changer);

        assertThat(user(rotation.current)).isEqualTo(base);
        assertThat(privileges(base, schema)).contains("made_by_clone:SELECT", "made_by_clone:TRUNCATE");
        assertEquivalent(rotation.current, clone, schema, 1);
        rotation.rotateWithReruns(changer);
        assertThat(user(rotation.current)).isEqualTo(base + "_clone");
        assertEquivalent(rotation.previous, rotation.current, schema, 2);
    }

    @Test
    void theSuperuserSecretMayHoldOnlyUsernameAndPassword() {
        ScriptedRotation rotation = newUser("alt_master_" + IDS.incrementAndGet());
        assertThat(rotation.others.get(MASTER_ARN).keys()).containsExactly("username", "password");
        rotation.rotateWithReruns(changer);
        assertThat(pg.canLogin(user(rotation.current), password(rotation.current))).isTrue();
    }

    @Test
    void theCurrentCredentialsMustLogInFirst() {
        ScriptedRotation rotation = newUser("alt_deputy_" + IDS.incrementAndGet());
        String base = user(rotation.current);
        rotation.current = rotation.current.with("password", "not-the-real-password");
        rotation.pending = changer.createPending(rotation.context(Step.CREATE_SECRET));
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.LOGIN_FAILED))
                .hasMessageContaining("AWSCURRENT: authentication refused")
                .hasMessageNotContaining("not-the-real-password");
        assertThat(pg.query("SELECT count(*) FROM pg_roles WHERE rolname = " + literal(base + "_clone")))
                .isEqualTo("0");
    }

    @Test
    void guardsRefuseAnotherUserAnotherHostAndAnotherSuperuserHost() {
        ScriptedRotation rotation = newUser("alt_guard_" + IDS.incrementAndGet());
        // "postgres" logs in without a password here (trust): the guard must refuse it before any login
        rotation.pending = rotation.current.with("username", "postgres").with("password", "x");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET))).satisfies(e -> assertThat(
                ((RotationException) e).errorCode()).isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE));
        rotation.pending = rotation.current.with("username", user(rotation.current) + "_clone")
                .with("host", "127.0.0.1").with("password", "x");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET))).satisfies(e -> assertThat(
                ((RotationException) e).errorCode()).isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE));
        rotation.others.put(MASTER_ARN, rotation.others.get(MASTER_ARN).with("host", "db.elsewhere.example"));
        rotation.pending = rotation.current.with("username", user(rotation.current) + "_clone").with("password", "x");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET))).satisfies(e -> assertThat(
                ((RotationException) e).errorCode()).isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE))
                .hasMessageContaining("db.elsewhere.example");
        assertThat(pg.query("SELECT count(*) FROM pg_roles WHERE rolname = " + literal(user(rotation.current)
                + "_clone"))).isEqualTo("0");
    }

    @Test
    void aWrongSuperuserPasswordIsNamedAndCreatesNothing() {
        ScriptedRotation rotation = newUser("alt_badmaster_" + IDS.incrementAndGet());
        rotation.others.put(MASTER_ARN, rotation.others.get(MASTER_ARN).with("password", "wrong-master-password"));
        rotation.pending = changer.createPending(rotation.context(Step.CREATE_SECRET));
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.LOGIN_FAILED))
                .hasMessageContaining("superuser secret " + MASTER_ARN + ": authentication refused")
                .hasMessageNotContaining("wrong-master-password");
        assertThat(pg.query("SELECT count(*) FROM pg_roles WHERE rolname = " + literal(user(rotation.current)
                + "_clone"))).isEqualTo("0");
    }

    @Test
    void malformedSecretsGetClearErrors() {
        ScriptedRotation rotation = newUser("alt_bad_" + IDS.incrementAndGet());
        Secret good = rotation.current;
        rotation.current = good.without("engine");
        assertThatThrownBy(() -> changer.createPending(rotation.context(Step.CREATE_SECRET)))
                .hasMessageContaining("'engine' is missing");
        rotation.current = good.without("masterarn");
        rotation.pending = good.with("username", user(good) + "_clone").with("password", "x").without("masterarn");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .hasMessageContaining("'masterarn' is missing");
        rotation.current = good;
        rotation.pending = good.with("username", user(good) + "_clone").with("password", "x");
        rotation.others.put(MASTER_ARN, Secret.parse("plain-string-master"));
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET))).satisfies(e -> assertThat(
                ((RotationException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_SECRET));
        rotation.others.put(MASTER_ARN, Secret.emptyObject().with("username", "admin"));
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .hasMessageContaining("'password' is missing");
        assertThat(pg.query("SELECT count(*) FROM pg_roles WHERE rolname = " + literal(user(good) + "_clone")))
                .isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"o'brien", "semi;colon", "back\\slash", "with space", "quo\"te", "\"; DROP ROLE x; --",
        "MixedCase", "ünïcødé_用户", "role=admin", "exactly-fifty-seven-bytes-long-so-the-clone-has-sixty-3!!"})
    void hostileUserNamesAlternate(String username) {
        ScriptedRotation rotation = newUser(username);
        String schema = rotation.current.requireString("schema_under_test");
        for (int round = 1; round <= 2; round++) {
            Secret before = rotation.current;
            rotation.rotateWithReruns(changer);
            assertEquivalent(before, rotation.current, schema, round);
        }
        assertThat(user(rotation.current)).isEqualTo(username);
    }

    @Test
    void theAlternateNameMustFitSixtyThreeBytes() {
        String fits = "x".repeat(57);
        String tooLong = "x".repeat(58);
        String accented = "é".repeat(29); // 58 bytes, 29 characters
        for (String name : List.of(tooLong, accented)) {
            ScriptedRotation rotation = new ScriptedRotation(PostgresTlsServer.secret(name, "p", "masterarn",
                    MASTER_ARN));
            assertThatThrownBy(() -> changer.createPending(rotation.context(Step.CREATE_SECRET)))
                    .satisfies(e -> assertThat(((RotationException) e).errorCode())
                            .isEqualTo(ErrorCode.MALFORMED_SECRET))
                    .hasMessageContaining("too long");
        }
        ScriptedRotation rotation = new ScriptedRotation(PostgresTlsServer.secret(fits, "p", "masterarn", MASTER_ARN));
        assertThat(user(changer.createPending(rotation.context(Step.CREATE_SECRET)))).isEqualTo(fits + "_clone");
    }

    @Test
    void objectsOwnedByTheMemberMoveToTheOwner() throws SQLException {
        ScriptedRotation rotation = newUser("alt_stray_" + IDS.incrementAndGet());
        String base = user(rotation.current);
        String schema = rotation.current.requireString("schema_under_test");
        rotation.rotateWithReruns(changer);
        try (Connection session = pg.login(base + "_clone", password(rotation.current));
                Statement statement = session.createStatement()) {
            statement.execute("SET ROLE NONE");
            statement.execute("CREATE TABLE " + schema + ".stray (id int)");
            try (ResultSet row = statement.executeQuery("SELECT session_user, current_user")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(2)).isEqualTo(base + "_clone");
            }
        }
        rotation.rotateWithReruns(changer);
        assertThat(pg.query("SELECT tableowner FROM pg_tables WHERE schemaname = '" + schema
                + "' AND tablename = 'stray'")).isEqualTo(base);
    }
}
