package dev.rotor.internal;

import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretDescription;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretStore;
import dev.rotor.secrets.SecretValue;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values of versions that one handler instance has read or stored during a rotation, kept for the rotation's
 * next steps, so that a warm function does not read again what it already holds.
 *
 * <p>Sound because a version's value never changes: the value of a secret's version id is what
 * {@code GetSecretValue} would return for it. Which version carries a label is never kept: every step reads it
 * from its own {@code DescribeSecret}, and a value is only served when that description puts the label on the
 * version. Only values are kept, never the absence of one (another instance may store it meanwhile).
 *
 * <p>An entry is served for at most {@code lifetime} after it was stored (expired entries are dropped at the next
 * use of this object), and a secret's entries are dropped when finishSecret completes its rotation; at most
 * {@value #CAPACITY} entries, the oldest dropped first. A lifetime of zero keeps nothing. Thread-safe.
 * {@code toString} is {@code Object}'s: it prints no value.
 */
public final class VersionValues {
    private static final Logger LOG = LoggerFactory.getLogger(VersionValues.class);
    static final int CAPACITY = 16;

    private final long lifetimeNanos;
    private final LongSupplier nanoClock;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    public VersionValues(Duration lifetime) {
        this(lifetime, null);
    }

    /** With a clock for tests; null means {@link System#nanoTime} (no lambda: one less class on a cold step). */
    VersionValues(Duration lifetime, LongSupplier nanoClock) {
        this.lifetimeNanos = Objects.requireNonNull(lifetime, "lifetime").toNanos();
        this.nanoClock = nanoClock;
    }

    /** The value kept for the version, if it has not expired. */
    synchronized Optional<Secret> get(String secretArn, String versionId) {
        dropExpired();
        Entry entry = entries.get(new Key(secretArn, versionId));
        return entry == null ? Optional.empty() : Optional.of(entry.value);
    }

    /** Keeps the version's value; nothing when the lifetime is zero or the version id unknown. */
    synchronized void put(String secretArn, String versionId, Secret value) {
        if (lifetimeNanos <= 0 || versionId == null) {
            return;
        }
        dropExpired();
        Key key = new Key(secretArn, versionId);
        entries.remove(key);
        entries.put(key, new Entry(value, now()));
        while (entries.size() > CAPACITY) {
            Iterator<Key> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Keeps the value just stored as the version, as a later {@code GetSecretValue} would read it: the stored
     * string parsed again, so that a step served from here sees exactly what a read would give it. A string that
     * does not parse is not kept; the next step's read reports it.
     */
    public void stored(String secretArn, String versionId, String stage, Secret value) {
        if (lifetimeNanos <= 0) {
            return;
        }
        Secret asRead;
        try {
            asRead = Secret.parse(value.toSecretString().reveal(), SecretStore.origin(secretArn, versionId, stage));
        } catch (SecretFormatException e) {
            return;
        }
        put(secretArn, versionId, asRead);
    }

    /** Drops every value kept for the secret (its rotation is over). */
    public synchronized void forget(String secretArn) {
        Iterator<Key> keys = entries.keySet().iterator();
        while (keys.hasNext()) {
            if (keys.next().secretArn.equals(secretArn)) {
                keys.remove();
            }
        }
    }

    synchronized int size() {
        dropExpired();
        return entries.size();
    }

    private long now() {
        return nanoClock == null ? System.nanoTime() : nanoClock.getAsLong();
    }

    private void dropExpired() {
        long now = now();
        Iterator<Entry> values = entries.values().iterator();
        while (values.hasNext()) {
            if (now - values.next().storedAt >= lifetimeNanos) {
                values.remove();
            }
        }
    }

    /**
     * A step's source of values: the values kept here, where the step's description puts the label on the version,
     * otherwise Secrets Manager through the store (and what it returns is kept); passwords as
     * {@link StepContext.Source#password} makes them.
     */
    public StepContext.Source over(SecretStore store, SecretDescription description, boolean localPasswords) {
        return new StepContext.Source() {
            @Override
            public Optional<Secret> value(String secretId, String versionId, String stage) {
                Optional<Secret> known = known(secretId, versionId, stage);
                if (known.isPresent()) {
                    return known;
                }
                Optional<SecretStore.Version> read = store.version(secretId, versionId, stage);
                if (read.isEmpty()) {
                    return Optional.empty();
                }
                if (secretId.equals(description.arn())) {
                    put(secretId, read.get().versionId(), read.get().value());
                }
                return Optional.of(read.get().value());
            }

            @Override
            public boolean hasValue(String secretId, String versionId, String stage) {
                return known(secretId, versionId, stage).isPresent() || store.hasValue(secretId, versionId, stage);
            }

            @Override
            public SecretValue randomPassword(PasswordPolicy policy, String secretId) {
                return StepContext.Source.password(store, localPasswords, policy, secretId);
            }

            private Optional<Secret> known(String secretId, String versionId, String stage) {
                if (!secretId.equals(description.arn())) {
                    return Optional.empty();
                }
                String id = versionId != null ? versionId : description.versionWith(stage).orElse(null);
                if (id == null || !description.hasStage(id, stage)) {
                    return Optional.empty();
                }
                Optional<Secret> known = get(secretId, id);
                if (known.isPresent()) {
                    LOG.debug("The {} value of version {} of secret {} is the one an earlier step of this instance"
                            + " read or stored; not read again", stage, id, secretId);
                }
                return known;
            }
        };
    }

    private record Key(String secretArn, String versionId) {
    }

    /** Not a record: its toString would print the value's keys and the time, which nobody needs. */
    private static final class Entry {
        final Secret value;
        final long storedAt;

        Entry(Secret value, long storedAt) {
            this.value = value;
            this.storedAt = storedAt;
        }
    }
}
