package dev.rotor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.internal.JsonTree.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The library-free reader and writer agree with the ObjectMapper they replace on the cold path. */
class JsonTreeTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "[]",
        "{\"username\":\"app\",\"password\":\"p\\\"@/\\\\ \\u00e9\\u2028x\",\"port\":5432,\"ssl\":true}",
        "{\"port\":\"5432\",\"big\":12345678901234567890123,\"long\":9007199254740993,\"neg\":-7,\"f\":1.5e3}",
        "{\"ints\":[0,-0,2147483647,-2147483648,2147483648,-2147483649,9223372036854775807,-9223372036854775808,"
                + "9223372036854775808,1000000000,-1000000000,123456789012345678]}",
        "{\"doubles\":[0.0,-0.0,1.0,0.1,1E2,1e-7,2.5E+10,123456789.125,4.9e-324]}",
        "{ \"nested\" : { \"a\" : [1, 2.25, null, false, \"x\", {\"b\": []}] }, \"z\": null }",
        "{\"order\":1,\"of\":2,\"keys\":3,\"kept\":4}",
        "{\"escapes\":\"\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f\\/\\\"\\\\\\uD83D\\uDE00 \\uABCD\\uabcd\"}",
        "{\"raw\":\"é ☃ 😀 \u007f\"}",
        "\t\r\n {\"spaced\" :\n[ 1 , 2 ]\n}\n",
        "[1,2,3]",
        "\"text\"",
        "42",
        "true",
        "null",
    })
    void readsAndWritesWhatTheMapperReadsAndWrites(String json) throws IOException {
        Object read = JsonTree.read(json);
        JsonNode mapped = Json.MAPPER.readTree(json);

        assertThat(JsonTree.write(read)).isEqualTo(Json.MAPPER.writeValueAsString(mapped));
        assertThat(Json.MAPPER.readTree(JsonTree.write(read))).isEqualTo(mapped);
        assertThat(JsonTree.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))).isEqualTo(read);
    }

    @Test
    void writesNumbersOutOfRangeAsTheMapperDoes() throws IOException {
        String json = "[1e400,-1e400]";

        assertThat(JsonTree.write(JsonTree.read(json))).isEqualTo(Json.MAPPER.writeValueAsString(
                Json.MAPPER.readTree(json)));
    }

    @Test
    void numbersTakeTheSmallestTypeThatHoldsThemAsTheMapperDoes() throws IOException {
        Object read = JsonTree.read("[1,-2147483648,2147483648,9223372036854775807,9223372036854775808,1.5,1e2]");

        assertThat(read).isEqualTo(List.of(1, Integer.MIN_VALUE, 2147483648L, Long.MAX_VALUE,
                new BigInteger("9223372036854775808"), 1.5, 100.0));
        JsonNode mapped = Json.MAPPER.readTree("[1,2147483648,9223372036854775808,1.5]");
        assertThat(mapped.get(0).isInt()).isTrue();
        assertThat(mapped.get(1).isLong()).isTrue();
        assertThat(mapped.get(2).isBigInteger()).isTrue();
        assertThat(mapped.get(3).isDouble()).isTrue();
    }

    @Test
    void objectsKeepTheirKeysInDocumentOrderAndArraysCannotBeChanged() throws IOException {
        JsonObject object = (JsonObject) JsonTree.read("{\"z\":1,\"a\":[true],\"m\":null}");

        assertThat(object.keySet()).containsExactly("z", "a", "m");
        assertThat(object.get("m")).isSameAs(JsonTree.NULL);
        assertThatThrownBy(() -> ((List<?>) object.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",
        "{\"a\":1} {\"b\":2}",
        "{\"a\":1}]",
        "{\"a\":}",
        "{\"a\":1",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{'a':1}",
        "{a:1}",
        "{\"a\":01}",
        "{\"a\":-}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":1e}",
        "{\"a\":0x10}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":tru}",
        "{\"a\":truex}",
        "{\"a\":nul}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"tab\tinside\"}",
        "{\"a\":\"bad \\x escape\"}",
        "{\"a\":\"bad \\u12G4 escape\"}",
        "{\"a\":\"short \\u12\"}",
        "{\"a\":1} // comment",
        "/* comment */ {}",
        "\u000c{}",
    })
    void rejectsWhatTheMapperRejects(String json) {
        assertThatThrownBy(() -> Json.MAPPER.readTree(json)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.read(json)).isInstanceOf(JsonTree.MalformedJsonException.class);
    }

    @Test
    void refusesNestingDeeperThanTheMapperAccepts() {
        String deep = "[".repeat(1_001) + "]".repeat(1_001);

        assertThatThrownBy(() -> Json.MAPPER.readTree(deep)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.read(deep)).isInstanceOf(JsonTree.MalformedJsonException.class)
                .hasMessageContaining("Nesting");
    }

    @Test
    void refusesNumbersLongerThanTheMapperAccepts() {
        String longNumber = "[" + "1".repeat(1_001) + "]";

        assertThatThrownBy(() -> Json.MAPPER.readTree(longNumber)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.read(longNumber)).isInstanceOf(JsonTree.MalformedJsonException.class);
    }

    @Test
    void errorsNameTheLineAndColumnButNotTheText() {
        assertThatThrownBy(() -> JsonTree.read("{\n  \"password\": \"s3cr3t\" x\n}"))
                .isInstanceOfSatisfying(JsonTree.MalformedJsonException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(24);
                })
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void readsAStreamAsUtf8AndRefusesInvalidUtf8() throws IOException {
        byte[] withBom = "\uFEFF{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonTree.read(new ByteArrayInputStream(withBom))).isEqualTo(JsonTree.read("{\"a\":\"é\"}"));

        byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> Json.MAPPER.readTree(invalid)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.read(new ByteArrayInputStream(invalid)))
                .isInstanceOf(JsonTree.MalformedJsonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void readsNothingFromBlankInput(String json) throws IOException {
        assertThat(JsonTree.read(json)).isNull();
        assertThat(Json.MAPPER.readTree(json).isMissingNode()).isTrue();
    }

    @Test
    void anObjectPrintsItsKeysNeverItsValues() throws Exception {
        Object object = JsonTree.read("{\"username\":\"app\",\"password\":\"hunter2-secret\","
                + "\"nested\":{\"k\":\"v\"}}");
        assertThat(object.toString()).isEqualTo("JsonObject[username, password, nested]")
                .doesNotContain("hunter2-secret").doesNotContain("app");
    }
}
