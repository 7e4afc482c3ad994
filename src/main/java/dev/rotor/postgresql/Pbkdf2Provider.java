package dev.rotor.postgresql;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.SecretKeyFactorySpi;
import javax.crypto.interfaces.PBEKey;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCA provider with one service, {@code SecretKeyFactory.PBKDF2WithHmacSHA256}, computed by {@link Pbkdf2}.
 *
 * <p>Why: pgjdbc's SCRAM-SHA-256 login derives the salted password with the JCA's PBKDF2WithHmacSHA256 (4096
 * iterations at PostgreSQL's default). In a JVM that compiles with C1 only, as Lambda's Java runtimes do, the
 * JDK's implementation makes that the largest cost of a warm rotation; this one gives the same keys at about a
 * third of the cost. pgjdbc offers no hook for it, so {@link PostgreSqlEngine} installs this provider before its
 * first connection ({@code ROTOR_PG_FAST_SCRAM=false} turns that off).
 *
 * <p>What it changes in the process: only this one algorithm, and only when the JDK's own provider (SunJCE) would
 * otherwise serve it; a provider the user installed ahead of SunJCE (Amazon Corretto Crypto Provider, a FIPS
 * provider) is left first. Requests it does not compute the same way by construction (other key specs, a key
 * length that is not whole bytes, a missing salt, no iterations) and the factory's other operations go to the
 * next provider, so their results and errors are the JDK's. Passwords are encoded as the JDK encodes them (UTF-8).
 * The key of the verifier Rotor just set is taken from {@link DerivedKeyHandOff} when the login that tests it asks.
 */
final class Pbkdf2Provider extends Provider {
    static final String NAME = "RotorPBKDF2";
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String JDK_PROVIDER = "SunJCE";
    private static final Logger LOG = LoggerFactory.getLogger(Pbkdf2Provider.class);
    @java.io.Serial
    private static final long serialVersionUID = 1L;
    private static volatile boolean decided;
    private static volatile boolean installed;

    Pbkdf2Provider() {
        super(NAME, "1.0", "Rotor: PBKDF2WithHmacSHA256 for C1-only JVMs");
        putService(new Service(this, "SecretKeyFactory", ALGORITHM, Factory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object parameter) {
                return new Factory();
            }
        });
    }

    /**
     * Installs the provider first in the JCA's list when the JDK's own provider would serve PBKDF2WithHmacSHA256;
     * otherwise changes nothing. Decides once per process.
     */
    static void install() {
        if (decided) {
            return;
        }
        synchronized (Pbkdf2Provider.class) {
            if (decided) {
                return;
            }
            Provider preferred;
            try {
                preferred = SecretKeyFactory.getInstance(ALGORITHM).getProvider();
            } catch (NoSuchAlgorithmException e) {
                preferred = null; // no PBKDF2 at all: nothing to speed up, and pgjdbc reports it its own way
            }
            if (shouldInstall(preferred)) {
                Security.insertProviderAt(new Pbkdf2Provider(), 1);
                installed = true;
                LOG.debug("{} now serves {} (it was {})", NAME, ALGORITHM, JDK_PROVIDER);
            } else if (preferred != null) {
                LOG.debug("{} stays with {}: {} not installed", ALGORITHM, preferred.getName(), NAME);
            }
            decided = true;
        }
    }

    /** Whether {@link #install()} put the provider in place (then pgjdbc's logins take {@link DerivedKeyHandOff}). */
    static boolean installed() {
        return installed;
    }

    /** Only in place of the JDK's own provider: one the user chose comes first for a reason. */
    static boolean shouldInstall(Provider preferred) {
        return preferred != null && JDK_PROVIDER.equals(preferred.getName());
    }

    /** The factory: the fast path for what {@link Pbkdf2} computes exactly as the JDK does, the rest delegated. */
    static final class Factory extends SecretKeyFactorySpi {
        @Override
        protected SecretKey engineGenerateSecret(KeySpec spec) throws InvalidKeySpecException {
            if (spec instanceof PBEKeySpec pbe) {
                byte[] salt = pbe.getSalt();
                int iterations = pbe.getIterationCount();
                int bits = pbe.getKeyLength();
                if (salt != null && iterations > 0 && bits > 0 && bits % 8 == 0) {
                    char[] password = pbe.getPassword();
                    byte[] bytes = utf8(password);
                    try {
                        byte[] key = DerivedKeyHandOff.instance().take(bytes, salt, iterations, bits / 8);
                        return new DerivedKey(password, salt, iterations, key != null ? key
                                : Pbkdf2.derive(bytes, salt, iterations, bits / 8));
                    } finally {
                        Arrays.fill(bytes, (byte) 0);
                    }
                }
            }
            return next().generateSecret(spec);
        }

        @Override
        protected KeySpec engineGetKeySpec(SecretKey key, Class<?> spec) throws InvalidKeySpecException {
            return next().getKeySpec(key, spec);
        }

        @Override
        protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
            try {
                return next().translateKey(key);
            } catch (InvalidKeySpecException e) {
                throw new InvalidKeyException(e.getMessage(), e);
            }
        }

        /** The first other provider of the algorithm, as if this one were not installed. */
        private static SecretKeyFactory next() throws InvalidKeySpecException {
            Provider[] providers = Security.getProviders("SecretKeyFactory." + ALGORITHM);
            for (Provider provider : providers == null ? new Provider[0] : providers) {
                if (!(provider instanceof Pbkdf2Provider)) {
                    try {
                        return SecretKeyFactory.getInstance(ALGORITHM, provider);
                    } catch (NoSuchAlgorithmException e) {
                        // it changed its mind since the list was made: try the next one
                    }
                }
            }
            throw new InvalidKeySpecException("No other provider of " + ALGORITHM);
        }

        /** UTF-8, as the JDK's PBKDF2 encodes a password (an unpaired surrogate becomes '?'). */
        private static byte[] utf8(char[] password) {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            encoded.clear();
            encoded.put(new byte[encoded.capacity()]);
            return bytes;
        }
    }

    /** The derived key, with the parameters it was derived from, as the JDK's own PBKDF2 key carries them. */
    static final class DerivedKey implements PBEKey {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final char[] password;
        private final byte[] salt;
        private final int iterations;
        private final byte[] key;
        private volatile boolean destroyed;

        DerivedKey(char[] password, byte[] salt, int iterations, byte[] key) {
            this.password = password;
            this.salt = salt;
            this.iterations = iterations;
            this.key = key;
        }

        @Override
        public String getAlgorithm() {
            return ALGORITHM;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            checkNotDestroyed();
            return key.clone();
        }

        @Override
        public char[] getPassword() {
            checkNotDestroyed();
            return password.clone();
        }

        @Override
        public byte[] getSalt() {
            return salt.clone();
        }

        @Override
        public int getIterationCount() {
            return iterations;
        }

        @Override
        public void destroy() {
            destroyed = true;
            Arrays.fill(key, (byte) 0);
            Arrays.fill(password, '\0');
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        private void checkNotDestroyed() {
            if (destroyed) {
                throw new IllegalStateException("The key has been destroyed");
            }
        }

        /** Equal to any raw PBKDF2WithHmacSHA256 key with the same bytes, as the JDK's keys are. */
        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof SecretKey that) || destroyed || !ALGORITHM.equalsIgnoreCase(that.getAlgorithm())
                    || !"RAW".equalsIgnoreCase(that.getFormat())) {
                return false;
            }
            byte[] encoded = that.getEncoded();
            try {
                return MessageDigest.isEqual(key, encoded);
            } finally {
                if (encoded != null) {
                    Arrays.fill(encoded, (byte) 0);
                }
            }
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key) ^ ALGORITHM.toLowerCase(Locale.ENGLISH).hashCode();
        }
    }
}
