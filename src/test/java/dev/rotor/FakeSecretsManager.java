package dev.rotor;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

/**
 * A small in-memory Secrets Manager for unit tests: the label rules of SPEC section 1.4 and the GetSecretValue rules
 * of 1.5, for the five operations a rotation uses. Wrap it in a Mockito spy to verify calls. Not thread-safe.
 */
class FakeSecretsManager implements SecretsManagerClient {
    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPENDING = "AWSPENDING";
    static final String AWSPREVIOUS = "AWSPREVIOUS";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One version: a value (null until put) and its labels. */
    static final class Version {
        String value;
        final Set<String> stages = new LinkedHashSet<>();
    }

    /** One secret. */
    static final class State {
        final String arn;
        Boolean rotationEnabled = Boolean.TRUE;
        final Map<String, Version> versions = new LinkedHashMap<>();

        State(String arn) {
            this.arn = arn;
        }
    }

    private final Map<String, State> secrets = new LinkedHashMap<>();
    final List<String> rotationTokensReceived = new ArrayList<>();
    final List<String> passwordsIssued = new ArrayList<>();
    final List<GetRandomPasswordRequest> passwordRequests = new ArrayList<>();

    /** Creates a secret whose first version, labelled AWSCURRENT, holds the value; returns its ARN. */
    String createSecret(String name, String value) {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + name + "-AbCdEf";
        State state = new State(arn);
        Version first = new Version();
        first.value = value;
        first.stages.add(AWSCURRENT);
        state.versions.put(UUID.randomUUID().toString(), first);
        secrets.put(arn, state);
        return arn;
    }

    /** What RotateSecret does before invoking the function: a version with the token, AWSPENDING, no value. */
    void startRotation(String arn, String token) {
        Version pending = new Version();
        state(arn).versions.put(token, pending);
        label(state(arn), AWSPENDING, token);
    }

    State state(String secretId) {
        State state = secrets.get(secretId);
        if (state == null) {
            throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret.");
        }
        return state;
    }

    /** Each version id with its labels, for assertions. */
    Map<String, Set<String>> labels(String arn) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        state(arn).versions.forEach((id, version) -> labels.put(id, Set.copyOf(version.stages)));
        return labels;
    }

    String versionWith(String arn, String stage) {
        return state(arn).versions.entrySet().stream().filter(e -> e.getValue().stages.contains(stage))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    String valueAt(String arn, String stage) {
        String id = versionWith(arn, stage);
        return id == null ? null : state(arn).versions.get(id).value;
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        State state = state(request.secretId());
        Map<String, List<String>> stages = new LinkedHashMap<>();
        state.versions.forEach((id, version) -> {
            if (!version.stages.isEmpty()) {
                stages.put(id, List.copyOf(version.stages));
            }
        });
        return DescribeSecretResponse.builder().arn(state.arn).name(state.arn).rotationEnabled(state.rotationEnabled)
                .versionIdsToStages(stages).build();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        State state = state(request.secretId());
        String id = request.versionId();
        String stage = request.versionStage();
        if (id == null) {
            id = versionWith(state.arn, stage == null ? AWSCURRENT : stage);
        }
        Version version = id == null ? null : state.versions.get(id);
        if (version == null || (stage != null && !version.stages.contains(stage)) || version.value == null) {
            throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for VersionId: " + id);
        }
        return GetSecretValueResponse.builder().arn(state.arn).versionId(id).secretString(version.value)
                .versionStages(version.stages).build();
    }

    @Override
    public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
        State state = state(request.secretId());
        String id = request.clientRequestToken();
        if (request.rotationToken() != null) {
            rotationTokensReceived.add(request.rotationToken());
        }
        Version version = state.versions.get(id);
        if (version != null && version.value != null) {
            if (!version.value.equals(request.secretString())) {
                throw error(ResourceExistsException.builder(), "ResourceExistsException",
                        "You can't modify an existing version, you can only create a new version.");
            }
            return PutSecretValueResponse.builder().arn(state.arn).versionId(id).build();
        }
        if (version == null) {
            version = new Version();
            state.versions.put(id, version);
        }
        version.value = request.secretString();
        List<String> stages = request.hasVersionStages() ? request.versionStages() : List.of(AWSCURRENT);
        for (String stage : stages) {
            label(state, stage, id);
        }
        return PutSecretValueResponse.builder().arn(state.arn).versionId(id).versionStages(stages).build();
    }

    @Override
    public UpdateSecretVersionStageResponse updateSecretVersionStage(UpdateSecretVersionStageRequest request) {
        State state = state(request.secretId());
        String stage = request.versionStage();
        String holder = versionWith(state.arn, stage);
        String to = request.moveToVersionId();
        String from = request.removeFromVersionId();
        if (from != null && !from.equals(holder)) {
            throw error(InvalidParameterException.builder(), "InvalidParameterException",
                    "The parameter RemoveFromVersionId doesn't match the version that has the label");
        }
        if (to != null) {
            if (!state.versions.containsKey(to)) {
                throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException", "No such version");
            }
            if (holder != null && !holder.equals(to) && from == null) {
                throw error(InvalidParameterException.builder(), "InvalidParameterException",
                        "The label is attached to another version; name it in RemoveFromVersionId");
            }
            label(state, stage, to);
        } else if (from != null) {
            state.versions.get(from).stages.remove(stage);
        }
        return UpdateSecretVersionStageResponse.builder().arn(state.arn).build();
    }

    @Override
    public GetRandomPasswordResponse getRandomPassword(GetRandomPasswordRequest request) {
        passwordRequests.add(request);
        int length = request.passwordLength() == null ? 32 : request.passwordLength().intValue();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < length; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        passwordsIssued.add(password.toString());
        return GetRandomPasswordResponse.builder().randomPassword(password.toString()).build();
    }

    /** Attaches the label to the version, detaching it elsewhere; a move of AWSCURRENT moves AWSPREVIOUS. */
    private static void label(State state, String stage, String id) {
        String left = null;
        for (Map.Entry<String, Version> entry : state.versions.entrySet()) {
            if (!entry.getKey().equals(id) && entry.getValue().stages.remove(stage)) {
                left = entry.getKey();
            }
        }
        state.versions.get(id).stages.add(stage);
        if (AWSCURRENT.equals(stage) && left != null) {
            label(state, AWSPREVIOUS, left);
        }
    }

    private static <B extends software.amazon.awssdk.awscore.exception.AwsServiceException.Builder> RuntimeException
            error(B builder, String code, String message) {
        return (RuntimeException) builder.message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Override
    public String serviceName() {
        return "secretsmanager";
    }

    @Override
    public void close() {
        secrets.clear();
    }

    /** The secrets, for assertions. */
    Map<String, State> secrets() {
        return Collections.unmodifiableMap(secrets);
    }
}
