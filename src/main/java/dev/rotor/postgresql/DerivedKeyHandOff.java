package dev.rotor.postgresql;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The salted password of the verifier Rotor last set, kept for the one login that follows it.
 *
 * <p>setSecret stores a SCRAM verifier that Rotor computed ({@link ScramVerifier}: PBKDF2 with a fresh salt), and
 * testSecret, usually in the same process moments later, logs in with that password; the server sends back that
 * salt, and pgjdbc would derive the same key again. {@link Pbkdf2Provider} takes it from here instead: one PBKDF2
 * less per rotation. What is kept is what setSecret already held (the password's bytes and its derived key, both
 * also readable from the secret's AWSPENDING version by this function's role); it is given out once, to a request
 * with the same password, salt, iteration count and key length, compared in constant time, and dropped after
 * {@link #LIFETIME} or when the next verifier is computed. Kept only while Rotor's provider serves pgjdbc's PBKDF2.
 */
final class DerivedKeyHandOff {
    /** How long a kept key waits for its login. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private static final DerivedKeyHandOff INSTANCE = new DerivedKeyHandOff(System::nanoTime);

    private final LongSupplier clock;
    private byte[] password;
    private byte[] salt;
    private int iterations;
    private byte[] key;
    private long keptAt;
    private long given;

    DerivedKeyHandOff(LongSupplier clock) {
        this.clock = clock;
    }

    static DerivedKeyHandOff instance() {
        return INSTANCE;
    }

    /** Keeps copies of a derived key and what it was derived from, in place of any kept before. */
    synchronized void keep(byte[] password, byte[] salt, int iterations, byte[] key) {
        clear();
        this.password = password.clone();
        this.salt = salt.clone();
        this.iterations = iterations;
        this.key = key.clone();
        this.keptAt = clock.getAsLong();
    }

    /**
     * The kept key if it was derived from exactly these, once, and dropped either way once past its lifetime or
     * given out; null otherwise (the caller derives it).
     */
    synchronized byte[] take(byte[] password, byte[] salt, int iterations, int keyLength) {
        if (key == null) {
            return null;
        }
        if (clock.getAsLong() - keptAt > LIFETIME.toNanos()) {
            clear();
            return null;
        }
        if (iterations != this.iterations || keyLength != key.length || !MessageDigest.isEqual(salt, this.salt)
                || !MessageDigest.isEqual(password, this.password)) {
            return null;
        }
        byte[] taken = key.clone();
        clear();
        given++;
        return taken;
    }

    /** How many keys were given out so far (for tests). */
    synchronized long given() {
        return given;
    }

    /** Drops what is kept. */
    synchronized void clear() {
        if (key != null) {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
        password = null;
        salt = null;
        key = null;
    }
}
