package dev.rotor.secrets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The Secrets Manager calls a rotation makes. Each failure becomes a {@link SecretsManagerException} that names
 * the operation, the secret and the service's error code, with the SDK exception as its cause. Thread-safe when
 * the client is.
 */
public final class SecretStore {
    private final SecretsManagerClient client;

    public SecretStore(SecretsManagerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** {@code DescribeSecret}: the rotation flag and the labels of every version. */
    public SecretDescription describe(String secretId) {
        DescribeSecretResponse response = call("DescribeSecret", secretId,
                () -> client.describeSecret(b -> b.secretId(secretId)));
        Map<String, List<String>> stages = new HashMap<>();
        response.versionIdsToStages().forEach((version, labels) -> stages.put(version, List.copyOf(labels)));
        return new SecretDescription(
                response.arn() == null ? secretId : response.arn(),
                Optional.ofNullable(response.rotationEnabled()),
                stages);
    }

    /**
     * {@code GetSecretValue} of the version that carries the label, or of the version id with the label when
     * {@code versionId} is given. Empty when the service answers {@code ResourceNotFoundException}: no such
     * version, or a version without a value.
     */
    public Optional<Secret> value(String secretId, String versionId, String stage) {
        String origin = stage + (versionId == null ? "" : " version " + versionId) + " of " + secretId;
        try {
            GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(secretId)
                    .versionId(versionId).versionStage(stage));
            if (response.secretString() == null) {
                throw new SecretFormatException("Secret value (" + origin
                        + ") is binary; Rotor rotates SecretString values only");
            }
            return Optional.of(Secret.parse(response.secretString(), origin));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GetSecretValue", secretId, e);
        }
    }

    /**
     * Whether the version id with the label has a value (string or binary), without reading it as a {@link Secret}.
     * False when the service answers {@code ResourceNotFoundException}.
     */
    public boolean hasValue(String secretId, String versionId, String stage) {
        try {
            client.getSecretValue(b -> b.secretId(secretId).versionId(versionId).versionStage(stage));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        } catch (SdkException e) {
            throw failure("GetSecretValue", secretId, e);
        }
    }

    /**
     * {@code PutSecretValue} of a new version labelled only AWSPENDING.
     *
     * @param rotationToken the event's RotationToken, passed on when present; may be null
     */
    public void putPending(String secretId, String token, Secret value, String rotationToken) {
        PutSecretValueRequest.Builder request = PutSecretValueRequest.builder()
                .secretId(secretId)
                .clientRequestToken(token)
                .secretString(value.toSecretString().reveal())
                .versionStages(SecretDescription.AWSPENDING);
        if (rotationToken != null && !rotationToken.isEmpty()) {
            request.rotationToken(rotationToken);
        }
        call("PutSecretValue", secretId, () -> client.putSecretValue(request.build()));
    }

    /** {@code UpdateSecretVersionStage}: moves the label to a version, taking it from the one that has it. */
    public void moveStage(String secretId, String stage, String toVersionId, String fromVersionId) {
        call("UpdateSecretVersionStage", secretId, () -> client.updateSecretVersionStage(b -> b.secretId(secretId)
                .versionStage(stage).moveToVersionId(toVersionId).removeFromVersionId(fromVersionId)));
    }

    /** {@code UpdateSecretVersionStage} without a target: detaches the label from the version. */
    public void removeStage(String secretId, String stage, String fromVersionId) {
        call("UpdateSecretVersionStage", secretId, () -> client.updateSecretVersionStage(b -> b.secretId(secretId)
                .versionStage(stage).removeFromVersionId(fromVersionId)));
    }

    /** {@code GetRandomPassword} with the policy's parameters. */
    public SecretValue randomPassword(PasswordPolicy policy, String secretId) {
        String password = call("GetRandomPassword", secretId, () -> client.getRandomPassword(b -> b
                .passwordLength((long) policy.length())
                .excludeCharacters(policy.excludeCharacters().filter(s -> !s.isEmpty()).orElse(null))
                .excludeNumbers(policy.excludeNumbers())
                .excludePunctuation(policy.excludePunctuation())
                .excludeUppercase(policy.excludeUppercase())
                .excludeLowercase(policy.excludeLowercase())
                .includeSpace(policy.includeSpace())
                .requireEachIncludedType(policy.requireEachIncludedType()))).randomPassword();
        return SecretValue.of(password);
    }

    private static <T> T call(String operation, String secretId, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(operation, secretId, e);
        }
    }

    private static SecretsManagerException failure(String operation, String secretId, SdkException e) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
        String detail = code != null ? code + " (HTTP " + ((AwsServiceException) e).statusCode() + ")"
                : e.getClass().getSimpleName();
        return new SecretsManagerException(operation + " failed for secret " + secretId + ": " + detail, code, e);
    }
}
