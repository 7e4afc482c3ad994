package dev.rotor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code template.yaml} read as plain data (it uses only long-form intrinsics, so no YAML tags are lost). */
final class Template {
    static final Path FILE = Path.of("template.yaml");

    private Template() {
    }

    static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"Ref": name}}. */
    static JsonNode ref(String name) {
        return new ObjectMapper().createObjectNode().put("Ref", name);
    }

    /**
     * The IAM statements of a policy document, each with the condition it is guarded by: a plain statement has
     * none, one written as {@code Fn::If: [condition, statement, AWS::NoValue]} has that condition.
     */
    static List<Guarded> statements(JsonNode policyDocument) {
        List<Guarded> statements = new ArrayList<>();
        for (JsonNode statement : policyDocument.get("Statement")) {
            JsonNode conditional = statement.get("Fn::If");
            if (conditional == null) {
                statements.add(new Guarded(null, statement));
            } else {
                if (!conditional.get(2).equals(ref("AWS::NoValue"))) {
                    throw new IllegalStateException("A conditional statement must fall back to AWS::NoValue: "
                            + statement);
                }
                statements.add(new Guarded(conditional.get(0).asText(), conditional.get(1)));
            }
        }
        return statements;
    }

    /** An IAM statement and the template condition that includes it (null: always included). */
    record Guarded(String condition, JsonNode statement) {
        List<String> actions() {
            return strings(statement.get("Action"));
        }

        JsonNode resource() {
            return statement.get("Resource");
        }
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
