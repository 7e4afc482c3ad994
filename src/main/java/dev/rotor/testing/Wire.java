package dev.rotor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.internal.Json;
import dev.rotor.testing.StoredSecret.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reading request fields and writing response fields of the JSON 1.1 protocol, with the service's errors. */
final class Wire {
    private Wire() {
    }

    static List<String> labels(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw SecretsManagerError.invalidParameter("VersionStages must be a list");
        }
        if (node.size() > StoredSecret.MAX_LABELS_PER_VERSION) {
            throw SecretsManagerError.invalidParameter("VersionStages may hold at most "
                    + StoredSecret.MAX_LABELS_PER_VERSION
                    + " labels");
        }
        List<String> labels = new ArrayList<>();
        node.forEach(label -> labels.add(label.asText()));
        return labels;
    }

    static ObjectNode names(StoredSecret secret) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("ARN", secret.arn);
        out.put("Name", secret.name);
        return out;
    }

    static ObjectNode versionResponse(StoredSecret secret, Version version) {
        ObjectNode out = names(secret);
        out.put("VersionId", version.id);
        ArrayNode stages = out.putArray("VersionStages");
        version.stages.forEach(stages::add);
        return out;
    }

    static void date(ObjectNode out, String field, Instant instant) {
        if (instant != null) {
            out.put(field, BigDecimal.valueOf(instant.toEpochMilli(), 3));
        }
    }

    static String text(JsonNode in, String field) {
        JsonNode node = in.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw SecretsManagerError.invalidParameter(field + " must be a string");
        }
        return node.textValue();
    }

    static String requireText(JsonNode in, String field) {
        String value = text(in, field);
        if (value == null || value.isEmpty()) {
            throw SecretsManagerError.invalidParameter(field + " is required");
        }
        return value;
    }

    static boolean bool(JsonNode in, String field, boolean defaultValue) {
        JsonNode node = in.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw SecretsManagerError.invalidParameter(field + " must be a boolean");
        }
        return node.booleanValue();
    }

    static long number(JsonNode in, String field, long defaultValue) {
        JsonNode node = in.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber()) {
            throw SecretsManagerError.invalidParameter(field + " must be an integer");
        }
        return node.longValue();
    }
}
