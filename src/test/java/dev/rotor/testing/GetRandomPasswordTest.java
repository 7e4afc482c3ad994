package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;

@ExtendWith(LocalSecretsManagerExtension.class)
class GetRandomPasswordTest {
    private static String password(SecretsManagerClient client, GetRandomPasswordRequest.Builder request) {
        return client.getRandomPassword(request.build()).randomPassword();
    }

    @Test
    void theDefaultIs32CharactersOfEveryType(LocalSecretsManager local) {
        for (int i = 0; i < 20; i++) {
            String password = password(local.client(), GetRandomPasswordRequest.builder());
            assertThat(password).hasSize(32).containsPattern("[a-z]").containsPattern("[A-Z]")
                    .containsPattern("[0-9]").containsPattern("[^A-Za-z0-9]").doesNotContain(" ");
        }
    }

    @Test
    void theLengthIsBetween1And4096(LocalSecretsManager local) {
        SecretsManagerClient client = local.client();
        assertThat(password(client, GetRandomPasswordRequest.builder().passwordLength(4096L))).hasSize(4096);
        assertThat(password(client, GetRandomPasswordRequest.builder().passwordLength(1L)
                .requireEachIncludedType(false))).hasSize(1);
        assertThatThrownBy(() -> password(client, GetRandomPasswordRequest.builder().passwordLength(0L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> password(client, GetRandomPasswordRequest.builder().passwordLength(4097L)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void everyExclusionIsHonoured(LocalSecretsManager local) {
        SecretsManagerClient client = local.client();
        for (int i = 0; i < 20; i++) {
            assertThat(password(client, GetRandomPasswordRequest.builder().excludeNumbers(true)))
                    .doesNotContainPattern("[0-9]");
            assertThat(password(client, GetRandomPasswordRequest.builder().excludePunctuation(true)))
                    .matches("[A-Za-z0-9]{32}");
            assertThat(password(client, GetRandomPasswordRequest.builder().excludeUppercase(true)))
                    .doesNotContainPattern("[A-Z]");
            assertThat(password(client, GetRandomPasswordRequest.builder().excludeLowercase(true)))
                    .doesNotContainPattern("[a-z]");
            assertThat(password(client, GetRandomPasswordRequest.builder().excludeCharacters(":/@\"'\\abc")))
                    .doesNotContain(":", "/", "@", "\"", "'", "\\", "a", "b", "c");
            assertThat(password(client, GetRandomPasswordRequest.builder().includeSpace(true).passwordLength(5L)))
                    .contains(" ");
        }
    }

    @Test
    void requireEachIncludedTypeNeedsRoomForEachType(LocalSecretsManager local) {
        SecretsManagerClient client = local.client();
        assertThat(password(client, GetRandomPasswordRequest.builder().passwordLength(4L)))
                .containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]");
        assertThatThrownBy(() -> password(client, GetRandomPasswordRequest.builder().passwordLength(3L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(password(client, GetRandomPasswordRequest.builder().passwordLength(3L)
                .requireEachIncludedType(false))).hasSize(3);
    }

    @Test
    void excludingEveryCharacterIsInvalid(LocalSecretsManager local) {
        assertThatThrownBy(() -> password(local.client(), GetRandomPasswordRequest.builder().excludeNumbers(true)
                .excludeLowercase(true).excludeUppercase(true).excludePunctuation(true)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void passwordsDiffer(LocalSecretsManager local) {
        assertThat(password(local.client(), GetRandomPasswordRequest.builder()))
                .isNotEqualTo(password(local.client(), GetRandomPasswordRequest.builder()));
    }
}
