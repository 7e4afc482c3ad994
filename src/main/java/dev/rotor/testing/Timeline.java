package dev.rotor.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * What happened on the local service, in order: every API call with its parameters, every step the simulator
 * invoked and how it ended, the labels after each step, injected faults and abandoned rotations. Thread-safe.
 *
 * <p>It never holds a secret value, a password or a RotationToken: {@code SecretString}, {@code SecretBinary}
 * and {@code RotationToken} parameters are recorded as {@code <masked>}, GetRandomPassword's answer is not
 * recorded, step failures keep the exception's class (and the message only of Rotor's own exceptions, which are
 * written to be safe), and every text is scrubbed of each value the service has stored or generated.
 */
public final class Timeline {
    /** Masks a recorded value. */
    public static final String MASK = "<masked>";

    /** What an entry records. */
    public enum Kind {
        /** A RotateSecret started a rotation (or a test-only run). */
        ROTATION_STARTED,
        /** The simulator invoked a step of the function. */
        STEP_INVOKED,
        /** The step returned normally. */
        STEP_SUCCEEDED,
        /** The step threw (or a fault failed it). */
        STEP_FAILED,
        /** The labels of every version, after a step. */
        LABELS,
        /** An API call reached the service. */
        API_CALL,
        /** An API call was answered with an error. */
        API_ERROR,
        /** A fault was injected. */
        FAULT_INJECTED,
        /** A write of a new AWSCURRENT abandoned the rotation in progress. */
        ROTATION_ABANDONED,
        /** The rotation ended; {@code details.outcome} says how. */
        ROTATION_ENDED
    }

    /**
     * One recorded event.
     *
     * @param sequence the position in the timeline, from 1
     * @param time when it was recorded, on the service's clock
     * @param kind what it records
     * @param name the operation (for API entries) or the step's wire name (for step entries), else empty
     * @param secret the secret id as given or the secret's ARN, when known, else empty
     * @param details the masked parameters or facts, such as {@code attempt}, {@code error} or {@code outcome}
     * @param labels each version id with its labels (for {@link Kind#LABELS} and {@link Kind#ROTATION_ENDED})
     */
    public record Entry(long sequence, Instant time, Kind kind, String name, String secret,
            Map<String, String> details, Map<String, List<String>> labels) {
        public Entry {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }

        @Override
        public String toString() {
            StringBuilder line = new StringBuilder().append('#').append(sequence).append(' ').append(kind);
            if (!name.isEmpty()) {
                line.append(' ').append(name);
            }
            if (!secret.isEmpty()) {
                line.append(" secret=").append(secret);
            }
            if (!details.isEmpty()) {
                line.append(' ').append(details);
            }
            if (!labels.isEmpty()) {
                line.append(" labels=").append(labels);
            }
            return line.toString();
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final java.util.function.Supplier<Instant> clock;
    private final UnaryOperator<String> scrubber;

    Timeline(java.util.function.Supplier<Instant> clock, UnaryOperator<String> scrubber) {
        this.clock = clock;
        this.scrubber = scrubber;
    }

    /** A snapshot of every entry, in order. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The entries of one kind, in order. */
    public List<Entry> entries(Kind kind) {
        return entries().stream().filter(entry -> entry.kind() == kind).toList();
    }

    /** The API calls of one operation, in order. */
    public List<Entry> calls(String operation) {
        return entries().stream().filter(e -> e.kind() == Kind.API_CALL && e.name().equals(operation)).toList();
    }

    /** Forgets every entry. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** One line per entry, for a test's failure message. */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries()) {
            text.append(entry).append('\n');
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Timeline{" + entries().size() + " entries}";
    }

    void record(Kind kind, String name, String secret, Map<String, String> details,
            Map<String, List<String>> labels) {
        Map<String, String> safe = new LinkedHashMap<>();
        details.forEach((key, value) -> safe.put(key, value == null ? "null" : scrubber.apply(value)));
        synchronized (entries) {
            entries.add(new Entry(sequence.incrementAndGet(), clock.get(), kind, name == null ? "" : name,
                    secret == null ? "" : scrubber.apply(secret), safe, labels));
        }
    }

    void record(Kind kind, String name, String secret, Map<String, String> details) {
        record(kind, name, secret, details, Map.of());
    }
}
