package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import dev.rotor.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The SDK calls and their error translation, with Mockito around the client. */
class SecretStoreTest {
    SecretsManagerClient client;
    SecretStore store;

    @BeforeEach
    void setUp() {
        // the consumer-builder overloads are default methods: let them build the request and call the stubbed ones
        client = mock(SecretsManagerClient.class, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
        store = new SecretStore(client);
    }

    @Test
    void putPendingAlwaysLabelsAwsPendingAndPassesTheRotationToken() {
        doReturn(PutSecretValueResponse.builder().build()).when(client)
                .putSecretValue(any(PutSecretValueRequest.class));

        store.putPending("arn:s", "tok", Secret.parse("{\"password\":\"x\"}"), "rt");

        ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
        verify(client).putSecretValue(put.capture());
        assertThat(put.getValue().secretId()).isEqualTo("arn:s");
        assertThat(put.getValue().clientRequestToken()).isEqualTo("tok");
        assertThat(put.getValue().versionStages()).containsExactly("AWSPENDING");
        assertThat(put.getValue().rotationToken()).isEqualTo("rt");
        assertThat(put.getValue().secretString()).isEqualTo("{\"password\":\"x\"}");
        assertThat(put.getValue().toString()).doesNotContain("{\"password\"");
    }

    @Test
    void putPendingOmitsAnEmptyRotationToken() {
        doReturn(PutSecretValueResponse.builder().build()).when(client)
                .putSecretValue(any(PutSecretValueRequest.class));

        store.putPending("arn:s", "tok", Secret.parse("{\"password\":\"x\"}"), "");

        ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
        verify(client).putSecretValue(put.capture());
        assertThat(put.getValue().rotationToken()).isNull();
    }

    @Test
    void valueIsEmptyOnResourceNotFound() {
        doThrow(ResourceNotFoundException.builder().message("no").build()).when(client)
                .getSecretValue(any(GetSecretValueRequest.class));

        assertThat(store.value("arn:s", "tok", "AWSPENDING")).isEmpty();
        assertThat(store.hasValue("arn:s", "tok", "AWSPENDING")).isFalse();
    }

    @Test
    void binaryValueIsAMalformedSecretButStillAValue() {
        doReturn(GetSecretValueResponse.builder().secretBinary(SdkBytes.fromUtf8String("bin")).build()).when(client)
                .getSecretValue(any(GetSecretValueRequest.class));

        assertThatThrownBy(() -> store.value("arn:s", null, "AWSCURRENT"))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("binary")
                .hasMessageContaining("AWSCURRENT of arn:s");
        assertThat(store.hasValue("arn:s", "tok", "AWSPENDING")).isTrue();
    }

    @Test
    void valueParsesTheSecretStringAndNamesItsOrigin() {
        doReturn(GetSecretValueResponse.builder().secretString("{\"port\":\"x\"}").build()).when(client)
                .getSecretValue(any(GetSecretValueRequest.class));

        Optional<Secret> value = store.value("arn:s", "v1", "AWSPENDING");

        assertThat(value).isPresent();
        assertThatThrownBy(() -> value.get().integer("port")).hasMessageContaining("AWSPENDING version v1 of arn:s");
    }

    @Test
    void clientFailuresBecomeSecretsManagerExceptions() {
        doThrow(SdkClientException.create("Unable to execute HTTP request: connect timed out")).when(client)
                .getSecretValue(any(GetSecretValueRequest.class));

        assertThatThrownBy(() -> store.value("arn:s", null, "AWSCURRENT"))
                .isInstanceOf(SecretsManagerException.class)
                .satisfies(e -> assertThat(((SecretsManagerException) e).errorCode())
                        .isEqualTo(ErrorCode.SECRETS_MANAGER_ERROR))
                .satisfies(e -> assertThat(((SecretsManagerException) e).awsErrorCode()).isEmpty())
                .hasMessageContaining("GetSecretValue failed for secret arn:s: SdkClientException")
                .hasCauseInstanceOf(SdkClientException.class);
    }

    @Test
    void randomPasswordPassesThePolicy() {
        doReturn(GetRandomPasswordResponse.builder().randomPassword("generated").build()).when(client)
                .getRandomPassword(any(GetRandomPasswordRequest.class));

        SecretValue password = store.randomPassword(PasswordPolicy.DEFAULT.withDefaultExcludeCharacters("/@"), "arn:s");

        ArgumentCaptor<GetRandomPasswordRequest> request = ArgumentCaptor.forClass(GetRandomPasswordRequest.class);
        verify(client).getRandomPassword(request.capture());
        assertThat(password.reveal()).isEqualTo("generated");
        assertThat(request.getValue().passwordLength()).isEqualTo(32L);
        assertThat(request.getValue().excludeCharacters()).isEqualTo("/@");
        assertThat(request.getValue().requireEachIncludedType()).isTrue();
        assertThat(request.getValue().includeSpace()).isFalse();
    }

    @Test
    void configuredExcludeCharactersWinOverTheChangersDefault() {
        PasswordPolicy configured = new PasswordPolicy(20, Optional.of("abc"), false, false, false, false, false, true);

        assertThat(configured.withDefaultExcludeCharacters("/@").excludeCharacters()).contains("abc");
        assertThat(PasswordPolicy.DEFAULT.withDefaultExcludeCharacters("/@").excludeCharacters()).contains("/@");
    }
}
