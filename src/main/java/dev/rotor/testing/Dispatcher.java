package dev.rotor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Between the HTTP front and the engine: records each call in the timeline (masked) and applies call faults. */
final class Dispatcher {
    private static final Set<String> MASKED = Set.of("SecretString", "SecretBinary", "RotationToken");

    private final InMemorySecretsManager engine;
    private final Faults faults;

    Dispatcher(InMemorySecretsManager engine, Faults faults) {
        this.engine = engine;
        this.faults = faults;
    }

    /** A call from a client: recorded, subject to faults. */
    ObjectNode handle(String operation, JsonNode request) {
        String secretId = secretId(request);
        record(operation, secretId, request);
        try {
            SecretsManagerError lostResponse = faults.beforeCall(operation, secretId);
            ObjectNode response = engine.call(operation, request);
            if (lostResponse != null) {
                throw lostResponse;
            }
            return response;
        } catch (SecretsManagerError e) {
            engine.timeline().record(Timeline.Kind.API_ERROR, operation, secretId,
                    Map.of("error", e.type(), "message", e.getMessage()));
            throw e;
        }
    }

    /** A call made by the test kit itself (an injected write): recorded, not subject to faults. */
    ObjectNode internal(String operation, JsonNode request) {
        record(operation, secretId(request), request);
        return engine.call(operation, request);
    }

    private void record(String operation, String secretId, JsonNode request) {
        engine.timeline().record(Timeline.Kind.API_CALL, operation, secretId, masked(request));
    }

    static Map<String, String> masked(JsonNode request) {
        Map<String, String> params = new LinkedHashMap<>();
        if (request != null && request.isObject()) {
            request.properties().forEach(field -> params.put(field.getKey(),
                    MASKED.contains(field.getKey()) ? Timeline.MASK
                            : field.getValue().isTextual() ? field.getValue().textValue()
                            : field.getValue().toString()));
        }
        return params;
    }

    private static String secretId(JsonNode request) {
        JsonNode id = request == null ? null : request.get("SecretId");
        if (id == null) {
            id = request == null ? null : request.get("Name");
        }
        return id != null && id.isTextual() ? id.textValue() : "";
    }
}
