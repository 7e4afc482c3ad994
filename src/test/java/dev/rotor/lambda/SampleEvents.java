package dev.rotor.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events of {@code events/}, the same files that {@code sam local invoke -e} takes. */
final class SampleEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SampleEvents() {
    }

    static Path file(Step step) {
        return Path.of(System.getProperty("rotor.events.dir", "events"), step.wireName() + ".json");
    }

    static String text(Step step) {
        try {
            return Files.readString(file(step), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample event of a step as a JSON object. */
    static ObjectNode json(Step step) {
        try {
            return (ObjectNode) MAPPER.readTree(text(step));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample event of a step, aimed at another secret and version, its RotationToken kept as it is. */
    static String aimedAt(Step step, String secretId, String clientRequestToken) {
        ObjectNode event = json(step);
        event.put("SecretId", secretId);
        event.put("ClientRequestToken", clientRequestToken);
        return event.toString();
    }
}
