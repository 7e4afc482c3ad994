package dev.rotor.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.internal.Json;
import dev.rotor.secrets.Secret;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * A rotation function written by hand against the SDK, the way the AWS templates are, with one optional flaw: the
 * broken functions the conformance check must catch.
 */
final class HandWrittenFunction implements RequestStreamHandler {
    enum Flaw { NONE, REGENERATES_PENDING, MOVES_CURRENT, LOGS_PASSWORD }

    private final SecretsManagerClient client;
    private final FakeTarget target;
    private final Flaw flaw;

    HandWrittenFunction(SecretsManagerClient client, FakeTarget target, Flaw flaw) {
        this.client = client;
        this.target = target;
        this.flaw = flaw;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        String step = event.get("Step").textValue();
        String arn = event.get("SecretId").textValue();
        String token = event.get("ClientRequestToken").textValue();
        String rotationToken = event.path("RotationToken").asText(null);
        Map<String, List<String>> stages = client.describeSecret(b -> b.secretId(arn)).versionIdsToStages();
        if (!stages.containsKey(token)) {
            throw new IllegalStateException("token is not a version");
        }
        if (stages.get(token).contains("AWSCURRENT")) {
            return;
        }
        if (!stages.get(token).contains("AWSPENDING")) {
            throw new IllegalStateException("token is not pending");
        }
        switch (step) {
            case "createSecret" -> create(arn, token, rotationToken);
            case "setSecret" -> set(arn, token);
            case "testSecret" -> target.requireLogin(pendingOrCurrent(arn, token), "pending");
            case "finishSecret" -> finish(arn, token, stages);
            default -> throw new IllegalArgumentException("unknown step");
        }
    }

    private void create(String arn, String token, String rotationToken) {
        Secret current = value(arn, null, "AWSCURRENT");
        if (flaw != Flaw.REGENERATES_PENDING) {
            try {
                pending(arn, token);
                return;
            } catch (ResourceNotFoundException e) {
                // no pending value yet: make one
            }
        }
        String password = client.getRandomPassword(b -> b.passwordLength(24L)).randomPassword();
        if (flaw == Flaw.LOGS_PASSWORD) {
            System.err.println("createSecret: the new password is " + password);
        }
        PutSecretValueRequest.Builder put = PutSecretValueRequest.builder().secretId(arn).clientRequestToken(token)
                .secretString(current.with("password", password).toSecretString().reveal())
                .rotationToken(rotationToken);
        if (flaw != Flaw.MOVES_CURRENT) {
            put.versionStages("AWSPENDING");
        }
        client.putSecretValue(put.build());
    }

    private void set(String arn, String token) {
        Secret pending = pending(arn, token);
        if (target.logsIn(pending)) {
            return;
        }
        Secret current = value(arn, null, "AWSCURRENT");
        if (!target.logsIn(current)) {
            throw new IllegalStateException("the current credentials do not log in");
        }
        target.setPassword(pending.requireString("username"), pending.requireSecret("password").reveal(), false);
    }

    private void finish(String arn, String token, Map<String, List<String>> stages) {
        String current = stages.entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSCURRENT").moveToVersionId(token)
                .removeFromVersionId(current));
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").removeFromVersionId(token));
    }

    /** A test-only rotation's temporary version may hold no value: then test the current one. */
    private Secret pendingOrCurrent(String arn, String token) {
        try {
            return pending(arn, token);
        } catch (ResourceNotFoundException e) {
            return value(arn, null, "AWSCURRENT");
        }
    }

    private Secret pending(String arn, String token) {
        return value(arn, token, "AWSPENDING");
    }

    private Secret value(String arn, String versionId, String stage) {
        return Secret.parse(client.getSecretValue(b -> b.secretId(arn).versionId(versionId).versionStage(stage))
                .secretString());
    }
}
