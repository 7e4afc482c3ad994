package dev.rotor.secrets;

import dev.rotor.internal.JsonTree;
import dev.rotor.internal.JsonTree.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret's value: either a JSON object, read through typed accessors, or a plain string.
 *
 * <p>Instances are immutable; the {@code with...} methods return a modified copy. Keys the caller does not know
 * are carried through untouched, in their original order. {@link #toString()} names the keys and never a value.
 *
 * <pre>{@code
 * Secret current = Secret.parse(json);
 * Secret pending = current.with("password", newPassword);
 * String host = pending.requireString("host");
 * }</pre>
 */
public final class Secret {
    private final JsonObject json; // never modified: every change is made on a copy
    private final SecretValue plain;
    private final String origin;

    private Secret(JsonObject json, SecretValue plain, String origin) {
        this.json = json;
        this.plain = plain;
        this.origin = origin;
    }

    /**
     * Reads a secret string. A value whose first non-blank character is <code>{</code> must be a valid JSON
     * object; anything else is a plain-string secret.
     *
     * @param origin where the value came from, for error messages (for example "AWSCURRENT of arn:..."); may be
     *     null
     * @throws SecretFormatException when the value looks like JSON but is not a valid JSON object
     */
    public static Secret parse(String secretString, String origin) {
        Objects.requireNonNull(secretString, "secretString");
        if (!secretString.stripLeading().startsWith("{")) {
            return new Secret(null, SecretValue.of(secretString), origin);
        }
        try {
            if (JsonTree.read(secretString) instanceof JsonObject object) {
                return new Secret(object, null, origin);
            }
        } catch (JsonTree.MalformedJsonException e) {
            // the parser's own text is left out: it is written not to quote the value, but the value is a secret
            throw new SecretFormatException(describe(origin) + " starts like a JSON object but is not valid JSON"
                    + " at line " + e.line() + ", column " + e.column());
        }
        throw new SecretFormatException(describe(origin) + " starts like a JSON object but is not one");
    }

    /** Reads a secret string of unknown origin. */
    public static Secret parse(String secretString) {
        return parse(secretString, null);
    }

    /** A plain-string secret. */
    public static Secret plain(SecretValue value) {
        return new Secret(null, Objects.requireNonNull(value, "value"), null);
    }

    /** An empty JSON object secret, to be filled with the {@code with...} methods. */
    public static Secret emptyObject() {
        return new Secret(JsonTree.object(), null, null);
    }

    /** Whether this secret is a JSON object (as opposed to a plain string). */
    public boolean isJson() {
        return json != null;
    }

    /** The value of a plain-string secret. */
    public SecretValue plainText() {
        if (plain == null) {
            throw new SecretFormatException(describe(origin) + " is a JSON object, not a plain string");
        }
        return plain;
    }

    /** The key names of a JSON secret, in order; empty for a plain string. Key names are not secret. */
    public List<String> keys() {
        return json == null ? List.of() : List.copyOf(json.keySet());
    }

    /** Whether the JSON secret has the key with a non-null value. */
    public boolean has(String key) {
        Object node = json == null ? null : json.get(key);
        return node != null && node != JsonTree.NULL;
    }

    /** A string-valued key; a number is returned in its JSON form. Empty when absent or null. */
    public Optional<String> string(String key) {
        Object node = node(key);
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof String text) {
            return Optional.of(text);
        }
        if (node instanceof Number number) {
            return Optional.of(number.toString());
        }
        throw wrongType(key, "a string", node);
    }

    /** A string-valued key that must be present and not blank. */
    public String requireString(String key) {
        String value = string(key).orElse(null);
        if (value == null) {
            throw missing(key);
        }
        if (value.isBlank()) {
            throw new SecretFormatException(describe(origin) + ": key '" + key + "' must not be blank");
        }
        return value;
    }

    /** A sensitive string-valued key, wrapped so that it never prints. */
    public Optional<SecretValue> secret(String key) {
        Object node = node(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof String text)) {
            throw wrongType(key, "a string", node);
        }
        return Optional.of(SecretValue.of(text));
    }

    /** A sensitive key that must be present and not empty. */
    public SecretValue requireSecret(String key) {
        SecretValue value = secret(key).orElse(null);
        if (value == null) {
            throw missing(key);
        }
        if (value.isEmpty()) {
            throw new SecretFormatException(describe(origin) + ": key '" + key + "' must not be empty");
        }
        return value;
    }

    /** An integer key, given as a JSON number or a numeric string. */
    public Optional<Integer> integer(String key) {
        Object node = node(key);
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof Integer number) {
            return Optional.of(number);
        }
        if (node instanceof String text) {
            try {
                return Optional.of(Integer.parseInt(text.strip()));
            } catch (NumberFormatException e) {
                throw new SecretFormatException(describe(origin) + ": key '" + key
                        + "' must be an integer or a numeric string, but is a non-numeric string");
            }
        }
        throw wrongType(key, "an integer or a numeric string", node);
    }

    /** A boolean key, given as a JSON boolean or the string {@code true} or {@code false} (any case). */
    public Optional<Boolean> bool(String key) {
        Object node = node(key);
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof Boolean flag) {
            return Optional.of(flag);
        }
        if (node instanceof String raw) {
            String text = raw.strip();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.parseBoolean(text));
            }
        }
        throw wrongType(key, "a boolean", node);
    }

    /** A copy with the key set to a string. */
    public Secret with(String key, String value) {
        JsonObject copy = copy();
        copy.put(key, Objects.requireNonNull(value, "value"));
        return new Secret(copy, null, null);
    }

    /** A copy with the key set to a sensitive string. */
    public Secret with(String key, SecretValue value) {
        return with(key, value.reveal());
    }

    /** A copy with the key set to an integer. */
    public Secret with(String key, int value) {
        JsonObject copy = copy();
        copy.put(key, value);
        return new Secret(copy, null, null);
    }

    /** A copy without the key. */
    public Secret without(String key) {
        JsonObject copy = copy();
        copy.remove(key);
        return new Secret(copy, null, null);
    }

    /** The string to store in Secrets Manager: the JSON text, or the plain string. */
    public SecretValue toSecretString() {
        if (json == null) {
            return plain;
        }
        return SecretValue.of(JsonTree.write(json));
    }

    /** Where this value came from, when known (for example "AWSCURRENT of arn:..."). */
    public Optional<String> origin() {
        return Optional.ofNullable(origin);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && Objects.equals(json, that.json) && Objects.equals(plain, that.plain);
    }

    @Override
    public int hashCode() {
        return json == null ? 0 : keys().hashCode();
    }

    /** Names the keys, never a value. */
    @Override
    public String toString() {
        return json == null ? "Secret{plain, <masked>}" : "Secret{keys=" + keys() + ", values=<masked>}";
    }

    private Object node(String key) {
        if (json == null) {
            throw new SecretFormatException(describe(origin) + " is a plain string, not a JSON object, so it has no"
                    + " key '" + key + "'");
        }
        Object node = json.get(key);
        return node == JsonTree.NULL ? null : node;
    }

    /** A copy of the top level; nested values are shared, since nothing changes them. */
    private JsonObject copy() {
        if (json == null) {
            throw new SecretFormatException(describe(origin) + " is a plain string, not a JSON object");
        }
        return new JsonObject(json);
    }

    private SecretFormatException missing(String key) {
        return new SecretFormatException(describe(origin) + ": required key '" + key + "' is missing");
    }

    private SecretFormatException wrongType(String key, String expected, Object node) {
        return new SecretFormatException(describe(origin) + ": key '" + key + "' must be " + expected + ", but is "
                + typeName(node));
    }

    private static String typeName(Object node) {
        if (node instanceof List<?>) {
            return "an array";
        }
        if (node instanceof JsonObject) {
            return "an object";
        }
        if (node instanceof Boolean) {
            return "a boolean";
        }
        if (node instanceof Integer || node instanceof Long || node instanceof BigInteger || node instanceof Double) {
            return "a number";
        }
        return node instanceof String ? "a string" : "a null";
    }

    private static String describe(String origin) {
        return origin == null ? "Secret value" : "Secret value (" + origin + ")";
    }
}
