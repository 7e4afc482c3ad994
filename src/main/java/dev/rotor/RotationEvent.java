package dev.rotor;

import com.amazonaws.services.lambda.runtime.events.SecretsManagerRotationEvent;
import dev.rotor.internal.JsonTree;
import dev.rotor.internal.JsonTree.JsonObject;
import java.io.IOException;
import java.io.InputStream;

/**
 * One invocation of a rotation function, validated: a known step, a secret id and a token that are not blank.
 * {@link #toString()} never prints the RotationToken.
 *
 * @param step the step to run
 * @param secretId the secret's ARN (or name, when invoked by hand)
 * @param clientRequestToken the version id of the pending value
 * @param rotationToken the opaque token Secrets Manager sends to identify the request's source; null when absent
 */
public record RotationEvent(Step step, String secretId, String clientRequestToken, String rotationToken) {
    public RotationEvent {
        if (step == null) {
            throw new InvalidEventException("Step", "is missing");
        }
        requireText("SecretId", secretId);
        requireText("ClientRequestToken", clientRequestToken);
        if (rotationToken != null && rotationToken.isBlank()) {
            rotationToken = null;
        }
    }

    /** Validates the fields of aws-lambda-java-events' event type. */
    public static RotationEvent of(SecretsManagerRotationEvent event) {
        if (event == null) {
            throw new InvalidEventException("(event)", "is missing");
        }
        return new RotationEvent(Step.parse(event.getStep()), event.getSecretId(), event.getClientRequestToken(),
                event.getRotationToken());
    }

    /**
     * Reads the raw JSON event Lambda delivers. Unknown fields are ignored.
     *
     * @throws InvalidEventException when the input is not a JSON object or a field is missing or not a string
     */
    public static RotationEvent read(InputStream json) throws IOException {
        Object read;
        try {
            read = JsonTree.read(json);
        } catch (JsonTree.MalformedJsonException e) {
            throw new InvalidEventException("(event)", "is not valid JSON (line " + e.line() + ", column "
                    + e.column() + ")");
        }
        if (!(read instanceof JsonObject root)) {
            throw new InvalidEventException("(event)", "must be a JSON object");
        }
        return new RotationEvent(Step.parse(text(root, "Step")), text(root, "SecretId"),
                text(root, "ClientRequestToken"), text(root, "RotationToken"));
    }

    private static String text(JsonObject root, String field) {
        Object node = root.get(field);
        if (node == null || node == JsonTree.NULL) {
            return null;
        }
        if (!(node instanceof String text)) {
            throw new InvalidEventException(field, "must be a string");
        }
        return text;
    }

    private static void requireText(String field, String value) {
        if (value == null) {
            throw new InvalidEventException(field, "is missing");
        }
        if (value.isBlank()) {
            throw new InvalidEventException(field, "is blank");
        }
    }

    /** Whether the event carries a RotationToken. */
    public boolean hasRotationToken() {
        return rotationToken != null;
    }

    @Override
    public String toString() {
        return "RotationEvent[step=" + step + ", secretId=" + secretId + ", clientRequestToken=" + clientRequestToken
                + ", rotationToken=" + (rotationToken == null ? "absent" : "<masked>") + "]";
    }
}
