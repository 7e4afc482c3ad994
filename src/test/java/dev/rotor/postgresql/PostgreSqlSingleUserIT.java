package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.secrets.Secret;
import dev.rotor.testsupport.LogCapture;
import dev.rotor.testsupport.ScriptedRotation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single-user rotation against a real server, driven through the changer with in-memory secret values. */
class PostgreSqlSingleUserIT {
    private static final AtomicInteger USERS = new AtomicInteger();

    private final PostgresServer pg = PostgresTlsServer.get();
    private final DatabaseChanger changer = DatabaseChanger.singleUser(new PostgreSqlEngine(),
            PostgresTlsServer.settings());

    private ScriptedRotation newUser(String username) {
        pg.dropRoles(username);
        String password = ScriptedRotation.randomPassword().reveal();
        pg.execute("CREATE ROLE " + PostgreSqlEngine.quote(username) + " LOGIN PASSWORD "
                + PostgreSqlEngine.literal(password));
        return new ScriptedRotation(PostgresTlsServer.secret(username, password));
    }

    private static String password(Secret secret) {
        return secret.requireSecret("password").reveal();
    }

    @Test
    void rotatesRepeatedlyAndOnlyTheNewPasswordLogsIn() {
        ScriptedRotation rotation = newUser("single_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        for (int i = 0; i < 3; i++) {
            String old = password(rotation.current);
            rotation.rotateWithReruns(changer);
            String fresh = password(rotation.current);
            assertThat(fresh).isNotEqualTo(old);
            assertThat(pg.canLogin(user, fresh)).isTrue();
            assertThat(pg.canLogin(user, old)).isFalse();
            assertThat(rotation.current.keys()).containsExactly("engine", "host", "port", "username", "password",
                    "dbname");
        }
    }

    @Test
    void pgjdbcsScramLoginsRunOnRotorsPbkdf2AndTheServerAcceptsTheirProofs() throws Exception {
        ScriptedRotation rotation = newUser("single_pbkdf2_" + USERS.incrementAndGet());
        long handedOff = DerivedKeyHandOff.instance().given();
        rotation.rotateWithReruns(changer);
        // pgjdbc asks the JCA for PBKDF2WithHmacSHA256 by name; once the engine has connected, Rotor's answers
        assertThat(SecretKeyFactory.getInstance(Pbkdf2Provider.ALGORITHM).getProvider().getName())
                .isEqualTo(Pbkdf2Provider.NAME);
        // testSecret's login took the key setSecret's verifier was made of, and the server accepted its proof
        assertThat(DerivedKeyHandOff.instance().given()).isGreaterThan(handedOff);
        assertThat(pg.canLogin(rotation.current.requireString("username"), password(rotation.current))).isTrue();
        // a password the server hashes itself, after SASLprep: the client's key must be derived from the same chars
        String user = "single_pbkdf2_sasl_" + USERS.incrementAndGet();
        pg.dropRoles(user);
        pg.execute("CREATE ROLE " + user + " LOGIN PASSWORD " + PostgreSqlEngine.literal("pässwörd\u00a0ключ"));
        assertThat(pg.canLogin(user, "pässwörd\u00a0ключ")).isTrue();
        assertThat(pg.canLogin(user, "pässwörd ключ")).isTrue(); // SASLprep maps the no-break space to a space
        assertThat(pg.canLogin(user, "passwörd\u00a0ключ")).isFalse();
    }

    @Test
    void theServerReceivesAScramVerifierNeverThePassword() {
        ScriptedRotation rotation = newUser("single_logged_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        pg.execute("ALTER ROLE " + PostgreSqlEngine.quote(user) + " SET log_statement = 'all'");
        String fresh;
        try (LogCapture log = LogCapture.start()) {
            rotation.rotateWithReruns(changer);
            fresh = password(rotation.current);
            assertThat(log.text()).contains("Changed the password").doesNotContain(fresh);
        }
        assertThat(pg.canLogin(user, fresh)).isTrue();
        String serverLog = pg.serverLog();
        assertThat(serverLog).contains("ALTER ROLE " + PostgreSqlEngine.quote(user) + " PASSWORD E'SCRAM-SHA-256$4096:")
                .doesNotContain(fresh);
    }

    @Test
    void aFirstSetSecretLogsInOnceWithoutARefusedLoginAndARetryChangesNothing() {
        ScriptedRotation rotation = newUser("single_once_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        String refused = "password authentication failed for user \"" + user + "\"";
        rotation.pending = changer.createPending(rotation.context(Step.CREATE_SECRET));
        changer.apply(rotation.context(Step.SET_SECRET));
        assertThat(pg.canLogin(user, password(rotation.pending))).isTrue();
        assertThat(pg.serverLog()).doesNotContain(refused);
        try (LogCapture log = LogCapture.start()) {
            // a retry: the current password is refused, the pending one already logs in
            changer.apply(rotation.context(Step.SET_SECRET));
            assertThat(log.text()).contains("already log in").doesNotContain("Changed the password");
        }
        assertThat(pg.canLogin(user, password(rotation.pending))).isTrue();
        assertThat(pg.serverLog()).contains(refused);
    }

    @Test
    void logsInWithThePreviousPasswordWhenTheCurrentOneIsStale() {
        ScriptedRotation rotation = newUser("single_prev_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        String real = password(rotation.current);
        rotation.previous = rotation.current;
        rotation.current = rotation.current.with("password", "stale-password");
        rotation.pending = changer.createPending(rotation.context(Step.CREATE_SECRET));
        changer.apply(rotation.context(Step.SET_SECRET));
        assertThat(pg.canLogin(user, password(rotation.pending))).isTrue();
        assertThat(pg.canLogin(user, real)).isFalse();
    }

    @Test
    void whenNothingLogsInTheErrorNamesEachAttemptAndChangesNothing() {
        ScriptedRotation rotation = newUser("single_none_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        String real = password(rotation.current);
        rotation.current = rotation.current.with("password", "wrong-current-password");
        rotation.previous = rotation.current.with("password", "wrong-previous-password");
        rotation.pending = rotation.current.with("password", "new-pending-password");

        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.LOGIN_FAILED))
                .hasMessageContaining("AWSPENDING: authentication refused")
                .hasMessageContaining("AWSCURRENT: authentication refused")
                .hasMessageContaining("AWSPREVIOUS: authentication refused")
                .hasMessageContaining(user)
                .hasMessageNotContaining("wrong-current-password")
                .hasMessageNotContaining("new-pending-password")
                .hasMessageNotContaining(real);
        assertThat(pg.canLogin(user, real)).isTrue();
    }

    @Test
    void aMissingPreviousIsNamedAbsent() {
        ScriptedRotation rotation = newUser("single_absent_" + USERS.incrementAndGet());
        rotation.current = rotation.current.with("password", "wrong-current-password");
        rotation.pending = rotation.current.with("password", "new-pending-password");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .hasMessageContaining("AWSPREVIOUS: absent");
    }

    @Test
    void aPendingValueForAnotherUserOrHostIsRefusedAndChangesNothing() {
        ScriptedRotation rotation = newUser("single_guard_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        String real = password(rotation.current);
        ScriptedRotation victim = newUser("single_victim_" + USERS.incrementAndGet());
        String victimUser = victim.current.requireString("username");
        String victimPassword = password(victim.current);

        rotation.pending = rotation.current.with("username", victimUser).with("password", "taken-over");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE));
        // "postgres" logs in without a password here (trust): the guard must refuse it before any login
        rotation.pending = rotation.current.with("username", "postgres").with("password", "x");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE));
        rotation.pending = rotation.current.with("host", "127.0.0.1").with("password", "elsewhere");
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.UNSAFE_PENDING_VALUE));
        assertThat(pg.canLogin(user, real)).isTrue();
        assertThat(pg.canLogin(victimUser, victimPassword)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"o'brien", "semi;colon", "back\\slash", "with space", "quo\"te", "\"; DROP ROLE x; --",
        "MixedCase", "ünïcødé_用户", "a-very-long-name-of-exactly-sixty-three-bytes-in-utf8-encoding!",
        "' OR '1'='1", "$$dollar$$", "trailing\\"})
    void hostileUserNamesRotate(String username) {
        assertThat(new PostgreSqlEngine().usernameFits(username)).isTrue();
        ScriptedRotation rotation = newUser(username);
        String old = password(rotation.current);
        rotation.rotateWithReruns(changer);
        assertThat(pg.canLogin(username, password(rotation.current))).isTrue();
        assertThat(pg.canLogin(username, old)).isFalse();
    }

    @Test
    void malformedSecretsGetClearErrorsAndChangeNothing() {
        ScriptedRotation rotation = newUser("single_bad_" + USERS.incrementAndGet());
        String user = rotation.current.requireString("username");
        String real = password(rotation.current);
        Secret good = rotation.current;
        expect(rotation, good.without("password"), ErrorCode.MALFORMED_SECRET, "'password' is missing");
        expect(rotation, good.without("host"), ErrorCode.MALFORMED_SECRET, "'host' is missing");
        expect(rotation, good.with("port", "not-a-port"), ErrorCode.MALFORMED_SECRET, "'port'");
        expect(rotation, good.with("port", 70_000), ErrorCode.MALFORMED_SECRET, "'port'");
        expect(rotation, good.with("engine", "oracle"), ErrorCode.UNSUPPORTED_ENGINE, "oracle");
        expect(rotation, good.with("engine", "mysql"), ErrorCode.UNSUPPORTED_ENGINE, "mysql");
        expect(rotation, good.with("ssl", "sometimes"), ErrorCode.MALFORMED_SECRET, "'ssl' must be true, false");
        expect(rotation, Secret.parse("just a plain string"), ErrorCode.MALFORMED_SECRET, "plain string");
        expect(rotation, Secret.parse("{\"username\": [\"a\"], \"host\": \"h\", \"password\": \"p\"}"),
                ErrorCode.MALFORMED_SECRET, "'username' must be a string");
        assertThatThrownBy(() -> Secret.parse("{\"username\": \"app\", \"password\": ", "AWSCURRENT of x"))
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_SECRET))
                .hasMessageContaining("not valid JSON");
        assertThat(pg.canLogin(user, real)).isTrue();
    }

    private void expect(ScriptedRotation rotation, Secret current, ErrorCode code, String text) {
        rotation.current = current;
        rotation.pending = null;
        assertThatThrownBy(() -> changer.createPending(rotation.context(Step.CREATE_SECRET)))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(code))
                .hasMessageContaining(text);
        rotation.pending = current;
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(code));
    }

    @Test
    void anExhaustedBudgetStopsBeforeLoggingIn() {
        ScriptedRotation rotation = newUser("single_budget_" + USERS.incrementAndGet());
        rotation.pending = rotation.current.with("password", "new-pending-password");
        rotation.budget = Duration.ZERO;
        assertThatThrownBy(() -> changer.apply(rotation.context(Step.SET_SECRET)))
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.TIME_BUDGET_EXCEEDED));
    }
}
