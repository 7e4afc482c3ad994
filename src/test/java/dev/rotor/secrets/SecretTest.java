package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretTest {
    static final String JSON = "{\"engine\":\"postgres\",\"host\":\"db.example\",\"port\":5432,"
            + "\"username\":\"app\",\"password\":\"Hunter2-top-secret\",\"ssl\":true,"
            + "\"custom\":{\"a\":[1,{\"b\":null}]},\"note\":\"ünïcødé\"}";

    @Test
    void typedAccessorsReadTheirKeys() {
        Secret secret = Secret.parse(JSON);

        assertThat(secret.isJson()).isTrue();
        assertThat(secret.requireString("host")).isEqualTo("db.example");
        assertThat(secret.string("engine")).contains("postgres");
        assertThat(secret.integer("port")).contains(5432);
        assertThat(secret.string("port")).contains("5432");
        assertThat(secret.bool("ssl")).contains(true);
        assertThat(secret.requireSecret("password").reveal()).isEqualTo("Hunter2-top-secret");
        assertThat(secret.has("custom")).isTrue();
        assertThat(secret.string("dbname")).isEmpty();
        assertThat(secret.integer("missing")).isEmpty();
        assertThat(secret.secret("missing")).isEmpty();
    }

    @Test
    void numericStringPortIsAnInteger() {
        assertThat(Secret.parse("{\"port\":\"3306\"}").integer("port")).contains(3306);
        assertThat(Secret.parse("{\"port\":\" 3306 \"}").integer("port")).contains(3306);
    }

    @Test
    void nonNumericPortIsAClearError() {
        assertThatThrownBy(() -> Secret.parse("{\"port\":\"db\"}", "AWSCURRENT of arn:x").integer("port"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'port'").hasMessageContaining("AWSCURRENT of arn:x")
                .hasMessageNotContaining("\"db\"");
        assertThatThrownBy(() -> Secret.parse("{\"port\":54.32}").integer("port"))
                .hasMessageContaining("'port'").hasMessageContaining("a number");
    }

    @Test
    void nullValueCountsAsAbsent() {
        Secret secret = Secret.parse("{\"dbname\":null}");

        assertThat(secret.has("dbname")).isFalse();
        assertThat(secret.string("dbname")).isEmpty();
        assertThatThrownBy(() -> secret.requireString("dbname")).hasMessageContaining("'dbname' is missing");
    }

    @Test
    void wrongTypesNameKeyAndTypeButNotTheValue() {
        Secret secret = Secret.parse("{\"password\":12345678,\"username\":[\"x\"],\"ssl\":\"maybe\"}");

        assertThatThrownBy(() -> secret.requireSecret("password"))
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_SECRET))
                .hasMessageContaining("'password'").hasMessageContaining("a number")
                .hasMessageNotContaining("12345678");
        assertThatThrownBy(() -> secret.string("username")).hasMessageContaining("an array");
        assertThatThrownBy(() -> secret.bool("ssl")).hasMessageContaining("'ssl'").hasMessageNotContaining("maybe");
    }

    @Test
    void blankRequiredValuesAreRefused() {
        assertThatThrownBy(() -> Secret.parse("{\"host\":\" \"}").requireString("host"))
                .hasMessageContaining("'host' must not be blank");
        assertThatThrownBy(() -> Secret.parse("{\"password\":\"\"}").requireSecret("password"))
                .hasMessageContaining("'password' must not be empty");
    }

    @Test
    void unknownKeysArePreservedInOrderThroughWith() {
        Secret changed = Secret.parse(JSON).with("password", SecretValue.of("new-one"));

        assertThat(changed.keys()).containsExactly("engine", "host", "port", "username", "password", "ssl", "custom",
                "note");
        Secret reread = Secret.parse(changed.toSecretString().reveal());
        assertThat(reread).isEqualTo(changed);
        assertThat(reread.requireSecret("password").reveal()).isEqualTo("new-one");
        assertThat(reread.with("password", "Hunter2-top-secret")).isEqualTo(Secret.parse(JSON));
        assertThat(reread.string("note")).contains("ünïcødé");
    }

    @Test
    void withAndWithoutReturnCopies() {
        Secret original = Secret.parse(JSON);

        Secret changed = original.with("port", 6432).without("ssl").with("extra", "x");

        assertThat(original.integer("port")).contains(5432);
        assertThat(original.has("ssl")).isTrue();
        assertThat(changed.integer("port")).contains(6432);
        assertThat(changed.has("ssl")).isFalse();
        assertThat(changed.keys()).endsWith("extra");
        assertThat(Secret.emptyObject().with("a", "b").keys()).containsExactly("a");
    }

    @Test
    void toStringNamesKeysButMasksValues() {
        Secret secret = Secret.parse(JSON);

        assertThat(secret.toString()).contains("password", "host", "<masked>")
                .doesNotContain("Hunter2", "db.example", "postgres", "5432");
        assertThat(Secret.plain(SecretValue.of("plain-pass")).toString()).contains("<masked>")
                .doesNotContain("plain-pass");
    }

    @Test
    void plainStringSecretsAreSupported() {
        Secret plain = Secret.parse("a plain password");

        assertThat(plain.isJson()).isFalse();
        assertThat(plain.plainText().reveal()).isEqualTo("a plain password");
        assertThat(plain.toSecretString().reveal()).isEqualTo("a plain password");
        assertThat(plain.keys()).isEmpty();
        assertThat(plain.has("password")).isFalse();
        assertThat(plain).isEqualTo(Secret.plain(SecretValue.of("a plain password")));
        assertThatThrownBy(() -> plain.string("password")).isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("plain string").hasMessageNotContaining("a plain password");
        assertThatThrownBy(() -> plain.with("password", "x")).isInstanceOf(SecretFormatException.class);
        assertThatThrownBy(() -> Secret.parse(JSON).plainText()).isInstanceOf(SecretFormatException.class);
    }

    @Test
    void jsonArrayAtTopLevelIsAPlainString() {
        assertThat(Secret.parse("[1,2]").isJson()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"password\":\"Sup3r-secret-text\"", "{\"password\":Sup3r-secret-text}",
        "{\"password\":\"Sup3r-secret-text\",\"password\":\"Sup3r-secret-text\"}",
        "{\"password\":\"Sup3r-secret-text\"} trailing", "  {'password':'Sup3r-secret-text'}"})
    void malformedJsonMessageHasNoValueText(String text) {
        assertThatThrownBy(() -> Secret.parse(text, "AWSPENDING of arn:aws:secretsmanager:x"))
                .isInstanceOf(SecretFormatException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_SECRET))
                .hasMessageContaining("AWSPENDING of arn:aws:secretsmanager:x")
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("Sup3r")
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void equalityIgnoresOrigin() {
        assertThat(Secret.parse(JSON, "a")).isEqualTo(Secret.parse(JSON, "b")).hasSameHashCodeAs(Secret.parse(JSON));
        assertThat(Secret.parse(JSON, "AWSCURRENT of x").origin()).contains("AWSCURRENT of x");
        assertThat(Secret.parse(JSON)).isNotEqualTo(Secret.parse(JSON).with("password", "other"));
    }
}
