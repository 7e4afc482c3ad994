package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.secrets.PasswordPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotorConfigTest {
    private static RotorConfig config(String... keysAndValues) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return RotorConfig.fromEnvironment(env);
    }

    private static void assertInvalid(String variable, String value) {
        assertThatThrownBy(() -> config(variable, value))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining(variable);
    }

    @Test
    void emptyEnvironmentGivesTheDocumentedDefaults() {
        RotorConfig config = RotorConfig.fromEnvironment(Map.of());

        assertThat(config.region()).isEmpty();
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.passwordPolicy()).isEqualTo(PasswordPolicy.DEFAULT);
        assertThat(config.passwordPolicy().length()).isEqualTo(32);
        assertThat(config.passwordPolicy().excludeCharacters()).isEmpty();
        assertThat(config.passwordPolicy().requireEachIncludedType()).isTrue();
        assertThat(config.passwordPolicy().includeSpace()).isFalse();
        assertThat(config.timeReserve()).isEqualTo(Duration.ofMillis(2_000));
        assertThat(config.defaultBudget()).isEqualTo(Duration.ofMillis(60_000));
        assertThat(config.valueReuse()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.passwordSource()).isEqualTo(RotorConfig.PasswordSource.LOCAL);
        assertThat(RotorConfig.defaults()).isEqualTo(config);
    }

    @Test
    void valueReuseIsReadInSecondsFromZeroTo3600() {
        assertThat(config("ROTOR_VALUE_REUSE_SECONDS", "0").valueReuse()).isZero();
        assertThat(config("ROTOR_VALUE_REUSE_SECONDS", " 3600 ").valueReuse()).isEqualTo(Duration.ofHours(1));
        assertInvalid("ROTOR_VALUE_REUSE_SECONDS", "3601");
        assertInvalid("ROTOR_VALUE_REUSE_SECONDS", "-1");
        assertInvalid("ROTOR_VALUE_REUSE_SECONDS", "5m");
    }

    @Test
    void passwordSourceIsLocalOrSecretsManager() {
        assertThat(config("ROTOR_PASSWORD_SOURCE", "secretsmanager").passwordSource())
                .isEqualTo(RotorConfig.PasswordSource.SECRETS_MANAGER);
        assertThat(config("ROTOR_PASSWORD_SOURCE", " SecretsManager ").passwordSource())
                .isEqualTo(RotorConfig.PasswordSource.SECRETS_MANAGER);
        assertThat(config("ROTOR_PASSWORD_SOURCE", "local").passwordSource())
                .isEqualTo(RotorConfig.PasswordSource.LOCAL);
        assertThat(config("ROTOR_PASSWORD_SOURCE", "").passwordSource()).isEqualTo(RotorConfig.PasswordSource.LOCAL);
        assertInvalid("ROTOR_PASSWORD_SOURCE", "kms");
    }

    @Test
    void regionComesFromAwsRegion() {
        assertThat(config("AWS_REGION", "eu-west-1").region()).contains("eu-west-1");
        assertThat(config("AWS_DEFAULT_REGION", "us-east-2").region()).contains("us-east-2");
        assertThat(config("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-east-2").region())
                .contains("eu-west-1");
    }

    @Test
    void secretsManagerEndpointWinsOverTheSdkVariables() {
        RotorConfig config = config("SECRETS_MANAGER_ENDPOINT", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:1", "AWS_ENDPOINT_URL", "http://127.0.0.1:2");

        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void serviceSpecificSdkEndpointWinsOverTheGlobalOne() {
        RotorConfig config = config("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:2");

        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:1"));
        assertThat(config("AWS_ENDPOINT_URL", "https://sm.internal:8443").endpoint())
                .contains(URI.create("https://sm.internal:8443"));
    }

    @Test
    void blankEndpointVariablesAreSkipped() {
        assertThat(config("SECRETS_MANAGER_ENDPOINT", " ", "AWS_ENDPOINT_URL", "http://127.0.0.1:2").endpoint())
                .contains(URI.create("http://127.0.0.1:2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "secretsmanager.eu-west-1.amazonaws.com", "http://"})
    void invalidEndpointNamesTheVariable(String value) {
        assertInvalid("SECRETS_MANAGER_ENDPOINT", value);
    }

    @Test
    void passwordSettingsAreRead() {
        PasswordPolicy policy = config("PASSWORD_LENGTH", "64", "EXCLUDE_CHARACTERS", ":/@\"'\\",
                "EXCLUDE_NUMBERS", "true", "EXCLUDE_PUNCTUATION", "1", "EXCLUDE_UPPERCASE", "y",
                "EXCLUDE_LOWERCASE", "no", "INCLUDE_SPACE", "YES", "REQUIRE_EACH_INCLUDED_TYPE", "False")
                .passwordPolicy();

        assertThat(policy).isEqualTo(new PasswordPolicy(64, Optional.of(":/@\"'\\"), true, true, true, false, true,
                false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "1", "y", "Y", "yes", "YES", "Yes", " yes "})
    void booleanTrueSpellings(String value) {
        assertThat(config("EXCLUDE_NUMBERS", value).passwordPolicy().excludeNumbers()).isTrue();
        assertThat(config("INCLUDE_SPACE", value).passwordPolicy().includeSpace()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "0", "n", "N", "no", "No"})
    void booleanFalseSpellings(String value) {
        assertThat(config("REQUIRE_EACH_INCLUDED_TYPE", value).passwordPolicy().requireEachIncludedType()).isFalse();
    }

    @Test
    void blankBooleanKeepsTheDefault() {
        assertThat(config("REQUIRE_EACH_INCLUDED_TYPE", "").passwordPolicy().requireEachIncludedType()).isTrue();
        assertThat(config("EXCLUDE_NUMBERS", " ").passwordPolicy().excludeNumbers()).isFalse();
    }

    @Test
    void emptyExcludeCharactersMeansTheChangersDefault() {
        assertThat(config("EXCLUDE_CHARACTERS", "").passwordPolicy().excludeCharacters()).isEmpty();
        assertThat(config("EXCLUDE_CHARACTERS", " ").passwordPolicy().excludeCharacters()).contains(" ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXCLUDE_NUMBERS", "EXCLUDE_PUNCTUATION", "EXCLUDE_UPPERCASE", "EXCLUDE_LOWERCASE",
        "INCLUDE_SPACE", "REQUIRE_EACH_INCLUDED_TYPE"})
    void invalidBooleanNamesTheVariable(String variable) {
        assertInvalid(variable, "maybe");
        assertThatThrownBy(() -> config(variable, "s3cr3t-looking-value")).hasMessageNotContaining("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4097", "-1", "abc", "12.5", "99999999999"})
    void invalidPasswordLengthNamesTheVariable(String value) {
        assertInvalid("PASSWORD_LENGTH", value);
    }

    @Test
    void passwordLengthBoundsAreAccepted() {
        assertThat(config("PASSWORD_LENGTH", "1").passwordPolicy().length()).isEqualTo(1);
        assertThat(config("PASSWORD_LENGTH", "4096").passwordPolicy().length()).isEqualTo(4096);
    }

    @Test
    void excludingEveryCharacterTypeNamesTheVariables() {
        assertThatThrownBy(() -> config("EXCLUDE_NUMBERS", "1", "EXCLUDE_PUNCTUATION", "1", "EXCLUDE_UPPERCASE", "1",
                "EXCLUDE_LOWERCASE", "1"))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("EXCLUDE_NUMBERS").hasMessageContaining("EXCLUDE_LOWERCASE");
        assertThat(config("EXCLUDE_NUMBERS", "1", "EXCLUDE_PUNCTUATION", "1", "EXCLUDE_UPPERCASE", "1",
                "EXCLUDE_LOWERCASE", "1", "INCLUDE_SPACE", "1").passwordPolicy().includeSpace()).isTrue();
    }

    @Test
    void timeSettingsAreRead() {
        RotorConfig config = config("ROTOR_TIME_RESERVE_MS", "500", "ROTOR_DEFAULT_BUDGET_MS", "9000");

        assertThat(config.timeReserve()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.defaultBudget()).isEqualTo(Duration.ofMillis(9_000));
        assertThat(config("ROTOR_TIME_RESERVE_MS", "0").timeReserve()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "soon", "1e3"})
    void invalidTimeReserveNamesTheVariable(String value) {
        assertInvalid("ROTOR_TIME_RESERVE_MS", value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "later"})
    void invalidDefaultBudgetNamesTheVariable(String value) {
        assertInvalid("ROTOR_DEFAULT_BUDGET_MS", value);
    }
}
