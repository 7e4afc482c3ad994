package dev.rotor;

import com.amazonaws.services.lambda.runtime.Context;
import dev.rotor.spi.CredentialChanger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A concrete handler over a given client, and helpers to invoke it the way Lambda does. */
final class TestHandler extends RotationHandler {
    TestHandler(CredentialChanger changer, SecretsManagerClient client) {
        this(changer, client, Map.of());
    }

    TestHandler(CredentialChanger changer, SecretsManagerClient client, Map<String, String> env) {
        super(changer, client, RotorConfig.fromEnvironment(env));
    }

    /** Invokes the stream entry point with raw JSON. */
    void invoke(String json, Context context) {
        try {
            handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON event Secrets Manager sends. */
    static String event(String step, String secretId, String token, String rotationToken) {
        return "{\"Step\": \"" + step + "\", \"SecretId\": \"" + secretId + "\", \"ClientRequestToken\": \"" + token
                + "\"" + (rotationToken == null ? "" : ", \"RotationToken\": \"" + rotationToken + "\"") + "}";
    }

    /** Runs one step through the stream entry point, without a Lambda context. */
    void step(String step, String secretId, String token, String rotationToken) {
        invoke(event(step, secretId, token, rotationToken), null);
    }

    /** Runs the four steps in order, as RotateSecret does. */
    void rotate(String secretId, String token, String rotationToken) {
        for (String step : new String[] {"createSecret", "setSecret", "testSecret", "finishSecret"}) {
            step(step, secretId, token, rotationToken);
        }
    }
}
