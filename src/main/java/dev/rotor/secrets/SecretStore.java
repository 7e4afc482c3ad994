package dev.rotor.secrets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;

/**
 * The Secrets Manager calls a rotation makes. Each failure becomes a {@link SecretsManagerException} that names
 * the operation, the secret and the service's error code, with the SDK exception as its cause. Thread-safe when
 * the client is.
 *
 * <p>Requests are built with plain builders, not the SDK's lambda overloads: every lambda is a class to spin up on
 * a cold step.
 */
public final class SecretStore {
    private final SecretsManagerClient client;

    public SecretStore(SecretsManagerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** {@code DescribeSecret}: the rotation flag and the labels of every version. */
    public SecretDescription describe(String secretId) {
        DescribeSecretResponse response;
        try {
            response = client.describeSecret(DescribeSecretRequest.builder().secretId(secretId).build());
        } catch (SdkException e) {
            throw failure("DescribeSecret", secretId, e);
        }
        Map<String, List<String>> stages = new HashMap<>();
        for (Map.Entry<String, List<String>> version : response.versionIdsToStages().entrySet()) {
            stages.put(version.getKey(), List.copyOf(version.getValue()));
        }
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
        Optional<Version> version = version(secretId, versionId, stage);
        return version.isPresent() ? Optional.of(version.get().value()) : Optional.empty();
    }

    /**
     * As {@link #value}, with the id of the version the service answered with (null when it names none).
     */
    public Optional<Version> version(String secretId, String versionId, String stage) {
        String origin = origin(secretId, versionId, stage);
        try {
            GetSecretValueResponse response = client.getSecretValue(valueRequest(secretId, versionId, stage));
            if (response.secretString() == null) {
                throw new SecretFormatException("Secret value (" + origin
                        + ") is binary; Rotor rotates SecretString values only");
            }
            return Optional.of(new Version(response.versionId(), Secret.parse(response.secretString(), origin)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GetSecretValue", secretId, e);
        }
    }

    /** How error messages name a value read by {@link #value}, for example "AWSPENDING version 1a2b of arn:...". */
    public static String origin(String secretId, String versionId, String stage) {
        return stage + (versionId == null ? "" : " version " + versionId) + " of " + secretId;
    }

    /**
     * Whether the version id with the label has a value (string or binary), without reading it as a {@link Secret}.
     * False when the service answers {@code ResourceNotFoundException}.
     */
    public boolean hasValue(String secretId, String versionId, String stage) {
        try {
            client.getSecretValue(valueRequest(secretId, versionId, stage));
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
        try {
            client.putSecretValue(request.build());
        } catch (SdkException e) {
            throw failure("PutSecretValue", secretId, e);
        }
    }

    /** {@code UpdateSecretVersionStage}: moves the label to a version, taking it from the one that has it. */
    public void moveStage(String secretId, String stage, String toVersionId, String fromVersionId) {
        updateStage(secretId, UpdateSecretVersionStageRequest.builder().secretId(secretId).versionStage(stage)
                .moveToVersionId(toVersionId).removeFromVersionId(fromVersionId).build());
    }

    /** {@code UpdateSecretVersionStage} without a target: detaches the label from the version. */
    public void removeStage(String secretId, String stage, String fromVersionId) {
        updateStage(secretId, UpdateSecretVersionStageRequest.builder().secretId(secretId).versionStage(stage)
                .removeFromVersionId(fromVersionId).build());
    }

    /** {@code GetRandomPassword} with the policy's parameters. */
    public SecretValue randomPassword(PasswordPolicy policy, String secretId) {
        String exclude = policy.excludeCharacters().orElse("");
        GetRandomPasswordRequest request = GetRandomPasswordRequest.builder()
                .passwordLength((long) policy.length())
                .excludeCharacters(exclude.isEmpty() ? null : exclude)
                .excludeNumbers(policy.excludeNumbers())
                .excludePunctuation(policy.excludePunctuation())
                .excludeUppercase(policy.excludeUppercase())
                .excludeLowercase(policy.excludeLowercase())
                .includeSpace(policy.includeSpace())
                .requireEachIncludedType(policy.requireEachIncludedType())
                .build();
        try {
            return SecretValue.of(client.getRandomPassword(request).randomPassword());
        } catch (SdkException e) {
            throw failure("GetRandomPassword", secretId, e);
        }
    }

    private static GetSecretValueRequest valueRequest(String secretId, String versionId, String stage) {
        return GetSecretValueRequest.builder().secretId(secretId).versionId(versionId).versionStage(stage).build();
    }

    private void updateStage(String secretId, UpdateSecretVersionStageRequest request) {
        try {
            client.updateSecretVersionStage(request);
        } catch (SdkException e) {
            throw failure("UpdateSecretVersionStage", secretId, e);
        }
    }

    private static SecretsManagerException failure(String operation, String secretId, SdkException e) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
        String detail = code != null ? code + " (HTTP " + ((AwsServiceException) e).statusCode() + ")"
                : e.getClass().getSimpleName();
        return new SecretsManagerException(operation + " failed for secret " + secretId + ": " + detail, code, e);
    }

    /**
     * A version's value as {@code GetSecretValue} returned it.
     *
     * @param versionId the version's id, null when the service named none
     * @param value the value; its {@code toString} names keys only
     */
    public record Version(String versionId, Secret value) {
        public Version {
            Objects.requireNonNull(value, "value");
        }
    }
}
