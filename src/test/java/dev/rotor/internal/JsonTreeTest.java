package dev.rotor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader and writer agree with the ObjectMapper they replace on the cold path. */
class JsonTreeTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"username\":\"app\",\"password\":\"p\\\"@/\\\\ \\u00e9\\u2028x\",\"port\":5432,\"ssl\":true}",
        "{\"port\":\"5432\",\"big\":12345678901234567890123,\"long\":9007199254740993,\"neg\":-7,\"f\":1.5e3}",
        "{ \"nested\" : { \"a\" : [1, 2.25, null, false, \"x\", {\"b\": []}] }, \"z\": null }",
        "{\"order\":1,\"of\":2,\"keys\":3,\"kept\":4}",
        "[1,2,3]",
        "\"text\"",
    })
    void readsAndWritesWhatTheMapperReadsAndWrites(String json) throws IOException {
        JsonNode streamed = JsonTree.read(json);
        JsonNode mapped = Json.MAPPER.readTree(json);

        assertThat(streamed).isEqualTo(mapped);
        assertThat(JsonTree.write(streamed)).isEqualTo(Json.MAPPER.writeValueAsString(mapped));
        assertThat(JsonTree.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(mapped);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",
        "{\"a\":1} {\"b\":2}",
        "{\"a\":1}]",
        "{\"a\":}",
        "{\"a\":1",
        "{'a':1}",
    })
    void rejectsWhatTheMapperRejects(String json) {
        assertThatThrownBy(() -> Json.MAPPER.readTree(json)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.read(json)).isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void readsNothingFromBlankInput(String json) throws IOException {
        assertThat(JsonTree.read(json)).isNull();
    }
}
