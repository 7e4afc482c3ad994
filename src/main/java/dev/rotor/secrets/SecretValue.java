package dev.rotor.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One sensitive string: a password, an API key, a secret's raw value. {@link #toString()} prints
 * {@code <masked>}, so a value that reaches a log line or an exception message by accident reveals nothing.
 * Read it with {@link #reveal()}, only where it is handed to its target.
 */
public final class SecretValue {
    private static final String MASK = "<masked>";

    private final String value;

    private SecretValue(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a sensitive string. */
    public static SecretValue of(String value) {
        return new SecretValue(value);
    }

    /** The sensitive string itself. Hand it to its target; never log it. */
    public String reveal() {
        return value;
    }

    /** The number of characters, which is safe to report. */
    public int length() {
        return value.length();
    }

    /** Whether the value is empty. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Compares in time independent of where the values differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // a hash would leak information about the value; equal values still share it
    }

    @Override
    public String toString() {
        return MASK;
    }
}
