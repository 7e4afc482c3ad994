package dev.rotor.postgresql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.postgresql.util.PasswordUtil;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password ({@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:
 * <ServerKey>}, RFC 5802 and RFC 7677), computed on the client so that the server never receives the password.
 *
 * <p>Most of the work is PBKDF2-HMAC-SHA-256 with 4096 iterations, done by {@link Pbkdf2}, which is made for a
 * C1-only JVM ({@code ScramVerifierTest} checks the verifier against one built on the JDK's PBKDF2, and the
 * PostgreSQL tests log in with it).
 *
 * <p>The salted password is kept for the login that tests the new password ({@link DerivedKeyHandOff}).
 *
 * <p>Passwords outside printable ASCII go to pgjdbc's encoder, which applies SASLprep as login clients do; printable
 * ASCII is what SASLprep leaves unchanged, and what Secrets Manager's GetRandomPassword produces.
 */
final class ScramVerifier {
    static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramVerifier() {
    }

    /** The verifier of a password, with a fresh random salt. */
    static String of(char[] password) {
        if (!printableAscii(password)) {
            return PasswordUtil.encodeScramSha256(password);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    /** The verifier of a printable-ASCII password with the given salt and iteration count. */
    static String of(char[] password, byte[] salt, int iterations) {
        if (!printableAscii(password)) {
            throw new IllegalArgumentException("Only printable ASCII is hashed here; SASLprep is pgjdbc's");
        }
        byte[] key = new byte[password.length];
        byte[] salted = null;
        try {
            for (int i = 0; i < password.length; i++) {
                key[i] = (byte) password[i];
            }
            salted = Pbkdf2.derive(key, salt, iterations, 32);
            if (Pbkdf2Provider.installed()) {
                DerivedKeyHandOff.instance().keep(key, salt, iterations, salted);
            }
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no SHA-256 or HmacSHA256", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (salted != null) {
                Arrays.fill(salted, (byte) 0);
            }
        }
    }

    private static boolean printableAscii(char[] password) {
        for (char c : password) {
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return password.length > 0;
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
    }
}
