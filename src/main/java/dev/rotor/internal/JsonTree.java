package dev.rotor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON as plain Java values, with no library: the handler's cold path (the event, every secret
 * value) goes through here rather than through Jackson, whose classes cost a cold step tens of milliseconds to load
 * and initialize. An object is a {@link JsonObject} (keys in document order), an array an unmodifiable
 * {@link List}, a string a {@link String}, {@code true}/{@code false} a {@link Boolean}, {@code null} the
 * {@link #NULL} marker, an integer an {@link Integer}, {@link Long} or {@link BigInteger} (the smallest that holds
 * it), any other number a {@link Double}.
 *
 * <p>The rules are {@link Json#MAPPER}'s: strict JSON (no comments, single quotes, unquoted names, leading zeros,
 * trailing commas, unescaped control characters or unknown escapes), duplicate keys and trailing tokens are errors,
 * and the written text is what the mapper writes for the same value: compact, numbers in Java's canonical form,
 * the same escapes. Nesting deeper than 1,000 levels and numbers longer than 1,000 characters are refused, as
 * Jackson refuses them. Error messages give the
 * line and column, never the text. Thread-safe.
 */
public final class JsonTree {
    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final int MAX_DEPTH = 1_000;
    private static final int MAX_NUMBER_LENGTH = 1_000;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String text;
    private int at;

    private JsonTree(String text) {
        this.text = text;
    }

    /** A JSON object: keys in document (or insertion) order. */
    public static final class JsonObject extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        public JsonObject() {
        }

        /** A copy of another object's entries, in order. */
        public JsonObject(Map<String, Object> entries) {
            super(entries);
        }

        /** The keys only: an object may hold a secret value, which must not reach a log line by accident. */
        @Override
        public String toString() {
            return "JsonObject" + keySet();
        }
    }

    /** The input is not one valid JSON value; says where, never what the text was. */
    public static final class MalformedJsonException extends IOException {
        private static final long serialVersionUID = 1L;

        private final int line;
        private final int column;

        MalformedJsonException(String problem, int line, int column) {
            super(problem + " at line " + line + ", column " + column);
            this.line = line;
            this.column = column;
        }

        /** The line of the problem, from 1. */
        public int line() {
            return line;
        }

        /** The column of the problem, from 1. */
        public int column() {
            return column;
        }
    }

    /** An empty object. */
    public static JsonObject object() {
        return new JsonObject();
    }

    /**
     * Parses one JSON value.
     *
     * @return the value, or null when the text holds no value at all (empty or blank)
     * @throws MalformedJsonException when the text is not one valid JSON value
     */
    public static Object read(String json) throws MalformedJsonException {
        JsonTree reader = new JsonTree(json);
        reader.skipWhitespace();
        if (reader.at == json.length()) {
            return null;
        }
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.at != json.length()) {
            throw reader.error("Trailing token after the JSON value");
        }
        return value;
    }

    /** Parses one JSON value from a UTF-8 stream (a leading byte order mark is skipped), which is not closed. */
    public static Object read(InputStream json) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json.readAllBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("Invalid UTF-8", 1, 1);
        }
        return read(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** The JSON text of a value, compact. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private Object value(int depth) throws MalformedJsonException {
        if (at == text.length()) {
            throw error("Unexpected end of input");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("Unexpected character");
        }
    }

    private JsonObject object(int depth) throws MalformedJsonException {
        checkDepth(depth);
        at++; // {
        JsonObject object = new JsonObject();
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("Expected a quoted field name");
            }
            int nameAt = at;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth);
            if (object.containsKey(name)) {
                at = nameAt;
                throw error("Duplicate field");
            }
            object.put(name, value);
            skipWhitespace();
            char next = peek();
            at++;
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                at--;
                throw error("Expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws MalformedJsonException {
        checkDepth(depth);
        at++; // [
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return Collections.unmodifiableList(array);
        }
        while (true) {
            skipWhitespace();
            array.add(value(depth));
            skipWhitespace();
            char next = peek();
            at++;
            if (next == ']') {
                return Collections.unmodifiableList(array);
            }
            if (next != ',') {
                at--;
                throw error("Expected ',' or ']'");
            }
        }
    }

    private String string() throws MalformedJsonException {
        at++; // opening quote
        StringBuilder out = null;
        int start = at;
        while (true) {
            if (at >= text.length()) {
                throw error("Unterminated string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String value = out == null ? text.substring(start, at) : out.append(text, start, at).toString();
                at++;
                return value;
            }
            if (c < 0x20) {
                throw error("Unescaped control character in a string");
            }
            if (c != '\\') {
                at++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, start, at);
            at++;
            if (at >= text.length()) {
                throw error("Unterminated string");
            }
            char escaped = text.charAt(at);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw error("Unrecognized escape");
            }
            at++;
            start = at;
        }
    }

    /** The four hex digits of a {@code u} escape; leaves {@link #at} on the last one. */
    private char unicodeEscape() throws MalformedJsonException {
        if (at + 4 >= text.length()) {
            throw error("Unterminated string");
        }
        int code = 0;
        for (int i = 1; i <= 4; i++) {
            char hex = text.charAt(at + i);
            int digit = hex >= '0' && hex <= '9' ? hex - '0' : hex >= 'a' && hex <= 'f' ? hex - 'a' + 10
                    : hex >= 'A' && hex <= 'F' ? hex - 'A' + 10 : -1;
            if (digit < 0) {
                at += i;
                throw error("Invalid unicode escape");
            }
            code = code * 16 + digit;
        }
        at += 4;
        return (char) code;
    }

    private Object literal(String word, Object value) throws MalformedJsonException {
        if (!text.startsWith(word, at)) {
            throw error("Unrecognized token");
        }
        at += word.length();
        if (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
            throw error("Unrecognized token");
        }
        return value;
    }

    private Object number() throws MalformedJsonException {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int integerStart = at;
        digits();
        if (at == integerStart) {
            throw error("Expected a digit");
        }
        if (text.charAt(integerStart) == '0' && at - integerStart > 1) {
            at = integerStart;
            throw error("Leading zeroes are not allowed");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            at++;
            int fraction = at;
            digits();
            if (at == fraction) {
                throw error("Expected a digit after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            int exponent = at;
            digits();
            if (at == exponent) {
                throw error("Expected a digit in the exponent");
            }
        }
        if (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
            throw error("Unexpected character after a number");
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            at = start;
            throw error("Number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        String number = text.substring(start, at);
        if (!integral) {
            return Double.valueOf(number);
        }
        int length = at - integerStart;
        if (length <= 9) {
            return Integer.valueOf(number);
        }
        if (length <= 18) {
            long value = Long.parseLong(number);
            return value == (int) value ? (Object) (int) value : (Object) value;
        }
        BigInteger value = new BigInteger(number);
        return value.bitLength() <= 31 ? (Object) value.intValue() : value.bitLength() <= 63
                ? (Object) value.longValue() : value;
    }

    private void digits() {
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c) throws MalformedJsonException {
        if (peek() != c) {
            throw error("Expected '" + c + "'");
        }
        at++;
    }

    private void checkDepth(int depth) throws MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw error("Nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private MalformedJsonException error(String problem) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(at, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new MalformedJsonException(at >= text.length() ? problem + " (end of input)" : problem, line,
                end - lineStart + 1);
    }

    private static void write(StringBuilder out, Object value) {
        if (value instanceof String string) {
            writeString(out, string);
        } else if (value instanceof Map<?, ?> object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, (String) entry.getKey());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, array.get(i));
            }
            out.append(']');
        } else if (value instanceof Double number) {
            if (number.isInfinite() || number.isNaN()) {
                writeString(out, number.toString()); // as the mapper writes them (QUOTE_NON_NUMERIC_NUMBERS)
            } else {
                out.append(number.doubleValue());
            }
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Boolean) {
            out.append(value);
        } else if (value == null || value == NULL) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * Jackson's escapes: a backslash before a quote or a backslash, the short forms of b, t, n, f and r, and other
     * control characters as a {@code u} escape with four upper-case hex digits.
     */
    private static void writeString(StringBuilder out, String value) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, start, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(value, start, value.length()).append('"');
    }
}
