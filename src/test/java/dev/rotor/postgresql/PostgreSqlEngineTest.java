package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.jdbc.AlternatingUsers;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretValue;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgreSqlEngineTest {
    private final PostgreSqlEngine engine = new PostgreSqlEngine();

    @Test
    void theFasterPbkdf2IsOnUnlessTheEnvironmentTurnsItOff() {
        assertThat(PostgreSqlEngine.fromEnvironment(Map.of()).fastScram()).isTrue();
        assertThat(PostgreSqlEngine.fromEnvironment(Map.of(PostgreSqlEngine.FAST_SCRAM_ENV, "false")).fastScram())
                .isFalse();
        assertThatThrownBy(() -> PostgreSqlEngine.fromEnvironment(Map.of(PostgreSqlEngine.FAST_SCRAM_ENV, "maybe")))
                .isInstanceOf(RotationException.class).hasMessageContaining(PostgreSqlEngine.FAST_SCRAM_ENV)
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void identifiersAreDoubleQuotedWithQuotesDoubled() {
        assertThat(PostgreSqlEngine.quote("app")).isEqualTo("\"app\"");
        assertThat(PostgreSqlEngine.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(PostgreSqlEngine.quote("x\"; DROP ROLE y; --")).isEqualTo("\"x\"\"; DROP ROLE y; --\"");
        assertThat(PostgreSqlEngine.quote("Mixed Case")).isEqualTo("\"Mixed Case\"");
    }

    @Test
    void literalsAreEscapeStringsIndependentOfStandardConformingStrings() {
        assertThat(PostgreSqlEngine.literal("o'brien")).isEqualTo("E'o''brien'");
        assertThat(PostgreSqlEngine.literal("back\\slash")).isEqualTo("E'back\\\\slash'");
    }

    @Test
    void aNulCharacterIsRefusedClearly() {
        assertThatThrownBy(() -> PostgreSqlEngine.quote("a\0b")).isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void namesAreLimitedToSixtyThreeBytesOfUtf8() {
        assertThat(engine.usernameFits("x".repeat(63))).isTrue();
        assertThat(engine.usernameFits("x".repeat(64))).isFalse();
        assertThat(engine.usernameFits("é".repeat(31))).isTrue(); // 62 bytes
        assertThat(engine.usernameFits("é".repeat(32))).isFalse(); // 64 bytes, 32 characters
        assertThat(AlternatingUsers.alternate("x".repeat(57), engine)).hasSize(63);
        assertThatThrownBy(() -> AlternatingUsers.alternate("x".repeat(58), engine))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("too long");
    }

    @Test
    void theVerifierIsScramSha256AndNeverContainsThePassword() {
        String verifier = PostgreSqlEngine.verifier(SecretValue.of("correct horse battery staple"));
        assertThat(verifier).matches("E'SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'")
                .doesNotContain("horse");
        assertThat(PostgreSqlEngine.verifier(SecretValue.of("correct horse battery staple")))
                .as("a fresh salt each time").isNotEqualTo(verifier);
    }

    @Test
    void engineNamesPortDatabaseAndExcludedCharactersFollowTheAwsTemplates() {
        assertThat(engine.engineNames()).containsExactlyInAnyOrder("postgres", "aurora-postgresql");
        assertThat(engine.defaultPort()).isEqualTo(5432);
        assertThat(engine.defaultDatabase()).contains("postgres");
        assertThat(engine.defaultExcludeCharacters()).isEqualTo(":/@\"'\\");
        DatabaseSecret secret = DatabaseSecret.parse(Secret.parse("{\"engine\":\"aurora-postgresql\",\"host\":\"db\","
                + "\"username\":\"app\",\"password\":\"p\"}"), engine);
        assertThat(secret.port()).isEqualTo(5432);
        assertThat(secret.dbname()).contains("postgres");
        assertThatThrownBy(() -> DatabaseSecret.parse(Secret.parse("{\"engine\":\"mariadb\",\"host\":\"db\","
                + "\"username\":\"app\",\"password\":\"p\"}"), engine))
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.UNSUPPORTED_ENGINE));
    }

    @Test
    void driverSpecificFailuresAreClassified() {
        assertThat(engine.classify(new SQLException("The server does not support SSL.", "08004")))
                .contains(Login.Kind.TLS_FAILURE);
        assertThat(engine.classify(new SQLException("Connection attempt timed out.", "08001")))
                .contains(Login.Kind.TIMEOUT);
        assertThat(engine.classify(new SQLException("password authentication failed", "28P01"))).isEmpty();
        assertThat(engine.classify(new SQLException("timed out", "08001", new ConnectException()))).isEmpty();
    }

    @Test
    void aHostThatIsNotAHostNameIsRefusedBeforeConnecting() {
        DatabaseSecret secret = DatabaseSecret.parse(Secret.parse("{\"host\":\"db/evil?user=x\","
                + "\"username\":\"app\",\"password\":\"p\"}"), engine);
        assertThatThrownBy(() -> engine.connect(secret, TlsMode.DISABLE, Optional.empty(), Duration.ofSeconds(1),
                Duration.ofSeconds(1)))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("not a host name");
    }
}
