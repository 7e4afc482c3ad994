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
 * <p>Most of the work is PBKDF2-HMAC-SHA-256 with 4096 iterations. Lambda's Java runtimes compile with C1 only, where
 * the JDK's generic PBKDF2 (a full HMAC per iteration, byte arrays in and out) is slow; here the HMAC's inner and
 * outer key blocks are hashed once and each iteration runs the two remaining SHA-256 compressions on int state,
 * which halves the work. The result is the same function ({@code ScramVerifierTest} checks it against the JDK's
 * PBKDF2 and pgjdbc's encoder, and the PostgreSQL tests log in with it).
 *
 * <p>Passwords outside printable ASCII go to pgjdbc's encoder, which applies SASLprep as login clients do; printable
 * ASCII is what SASLprep leaves unchanged, and what Secrets Manager's GetRandomPassword produces.
 */
final class ScramVerifier {
    static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    private static final int BLOCK = 64;

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
            salted = pbkdf2(key, salt, iterations);
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

    /** PBKDF2-HMAC-SHA-256 (RFC 8018) of one 32-byte block, which is all SCRAM-SHA-256 needs. */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        byte[] key = password.length > BLOCK ? MessageDigest.getInstance("SHA-256").digest(password) : password;
        int[] inner = keyState(key, 0x36);
        int[] outer = keyState(key, 0x5c);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] first = mac.doFinal(new byte[] {0, 0, 0, 1});
        int[] u = new int[8];
        for (int i = 0; i < 8; i++) {
            u[i] = ((first[4 * i] & 0xff) << 24) | ((first[4 * i + 1] & 0xff) << 16)
                    | ((first[4 * i + 2] & 0xff) << 8) | (first[4 * i + 3] & 0xff);
        }
        Arrays.fill(first, (byte) 0);
        if (key != password) {
            Arrays.fill(key, (byte) 0); // the digest of a long password: key material too
        }
        int[] result = u.clone();
        int[] w = new int[BLOCK];
        int[] hash = new int[8];
        for (int n = 1; n < iterations; n++) {
            digestOfHash(inner, u, w, hash); // inner hash of HMAC(key, u)
            digestOfHash(outer, hash, w, u); // outer hash: the next u
            for (int i = 0; i < 8; i++) {
                result[i] ^= u[i];
            }
        }
        Arrays.fill(u, 0);
        Arrays.fill(hash, 0);
        Arrays.fill(inner, 0);
        Arrays.fill(outer, 0);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (result[i] >>> 24);
            out[4 * i + 1] = (byte) (result[i] >>> 16);
            out[4 * i + 2] = (byte) (result[i] >>> 8);
            out[4 * i + 3] = (byte) result[i];
        }
        Arrays.fill(result, 0);
        return out;
    }

    /** The SHA-256 state after the first block: the key, zero-padded to 64 bytes, XORed with the pad byte. */
    private static int[] keyState(byte[] key, int pad) {
        int[] w = new int[BLOCK];
        for (int i = 0; i < 16; i++) {
            int word = 0;
            for (int j = 0; j < 4; j++) {
                int index = 4 * i + j;
                word = (word << 8) | (((index < key.length ? key[index] : 0) ^ pad) & 0xff);
            }
            w[i] = word;
        }
        int[] state = new int[8];
        compress(INITIAL, w, state);
        return state;
    }

    /**
     * Finishes a SHA-256 whose first 64-byte block is already in {@code state}: the message's second and last
     * block is a 32-byte hash, then the padding of a 96-byte message.
     */
    private static void digestOfHash(int[] state, int[] hash, int[] w, int[] out) {
        System.arraycopy(hash, 0, w, 0, 8);
        w[8] = 0x80000000;
        for (int i = 9; i < 15; i++) {
            w[i] = 0;
        }
        w[15] = (BLOCK + 32) * 8;
        compress(state, w, out);
    }

    /** One SHA-256 compression (FIPS 180-4, 6.2.2) of the block in {@code w[0..15]}; {@code w} is scratch. */
    private static void compress(int[] state, int[] w, int[] out) {
        for (int t = 16; t < BLOCK; t++) {
            int x = w[t - 15];
            int y = w[t - 2];
            w[t] = w[t - 16] + (Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3)) + w[t - 7]
                    + (Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10));
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int t = 0; t < BLOCK; t++) {
            int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[t] + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        out[0] = state[0] + a;
        out[1] = state[1] + b;
        out[2] = state[2] + c;
        out[3] = state[3] + d;
        out[4] = state[4] + e;
        out[5] = state[5] + f;
        out[6] = state[6] + g;
        out[7] = state[7] + h;
    }
}
