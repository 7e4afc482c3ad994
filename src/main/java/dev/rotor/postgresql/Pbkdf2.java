package dev.rotor.postgresql;

import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA-256 (RFC 8018, section 5.2), written for a JVM that compiles with C1 only, as Lambda's Java
 * runtimes do. There the JDK's PBKDF2 runs a whole HMAC per iteration on its generic SHA-256 (no intrinsic in C1),
 * four compressions and several byte arrays each time. Here the HMAC's inner and outer key blocks are hashed once
 * per key, and each iteration runs only the two compressions that remain, on int state: the same function at about
 * a third of the cost. {@code Pbkdf2Test} checks it against the JDK's for passwords, salts and lengths around every
 * block boundary.
 *
 * <p>The caller owns the arrays passed in and clears them; what is derived here is cleared here, except the result.
 */
final class Pbkdf2 {
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
    private static final int HASH = 32;

    private Pbkdf2() {
    }

    /**
     * The derived key.
     *
     * @param password the password's bytes (any length, empty too)
     * @param salt the salt (any length)
     * @param iterations at least 1
     * @param length the derived key's length in bytes, at least 1
     */
    static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration and one byte of key");
        }
        byte[] key = password.length > BLOCK ? sha256(password) : password;
        int[] inner = keyState(key, 0x36);
        int[] outer = keyState(key, 0x5c);
        if (key != password) {
            Arrays.fill(key, (byte) 0); // the digest of a long password is key material too
        }
        byte[] derived = new byte[length];
        int[] u = new int[8];
        int[] hash = new int[8];
        int[] result = new int[8];
        int[] w = new int[BLOCK];
        byte[] first = Arrays.copyOf(salt, salt.length + 4);
        try {
            for (int block = 1; (block - 1) * HASH < length; block++) {
                first[salt.length] = (byte) (block >>> 24);
                first[salt.length + 1] = (byte) (block >>> 16);
                first[salt.length + 2] = (byte) (block >>> 8);
                first[salt.length + 3] = (byte) block;
                finishFrom(inner, BLOCK, first, w, hash); // U1 = HMAC(key, salt || INT(block))
                digestOfHash(outer, hash, w, u);
                System.arraycopy(u, 0, result, 0, 8);
                for (int n = 1; n < iterations; n++) {
                    digestOfHash(inner, u, w, hash); // inner hash of HMAC(key, u)
                    digestOfHash(outer, hash, w, u); // outer hash: the next u
                    for (int i = 0; i < 8; i++) {
                        result[i] ^= u[i];
                    }
                }
                int offset = (block - 1) * HASH;
                bigEndian(result, derived, offset, Math.min(HASH, length - offset));
            }
            return derived;
        } finally {
            Arrays.fill(first, (byte) 0);
            Arrays.fill(u, 0);
            Arrays.fill(hash, 0);
            Arrays.fill(result, 0);
            Arrays.fill(w, 0);
            Arrays.fill(inner, 0);
            Arrays.fill(outer, 0);
        }
    }

    /** SHA-256 of a whole message. */
    private static byte[] sha256(byte[] message) {
        int[] w = new int[BLOCK];
        int[] state = new int[8];
        finishFrom(INITIAL, 0, message, w, state);
        byte[] digest = new byte[HASH];
        bigEndian(state, digest, 0, HASH);
        Arrays.fill(state, 0);
        Arrays.fill(w, 0);
        return digest;
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
        Arrays.fill(w, 0);
        return state;
    }

    /** The first {@code length} bytes of {@code words}, big-endian, into {@code out} from {@code offset}. */
    private static void bigEndian(int[] words, byte[] out, int offset, int length) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (byte) (words[i >> 2] >>> (24 - 8 * (i & 3)));
        }
    }

    /**
     * Hashes {@code message} and SHA-256's padding, starting from {@code state}, which has taken {@code before}
     * bytes (a multiple of 64) already.
     */
    private static void finishFrom(int[] state, long before, byte[] message, int[] w, int[] out) {
        int blocks = (message.length + 9 + BLOCK - 1) / BLOCK;
        long bits = (before + message.length) * 8;
        int[] current = state;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < 16; i++) {
                int word = 0;
                for (int j = 0; j < 4; j++) {
                    int index = b * BLOCK + 4 * i + j;
                    int value;
                    if (index < message.length) {
                        value = message[index] & 0xff;
                    } else if (index == message.length) {
                        value = 0x80;
                    } else if (index >= blocks * BLOCK - 8) {
                        value = (int) (bits >>> (8 * (blocks * BLOCK - 1 - index))) & 0xff;
                    } else {
                        value = 0;
                    }
                    word = (word << 8) | value;
                }
                w[i] = word;
            }
            compress(current, w, out);
            current = out;
        }
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
        w[15] = (BLOCK + HASH) * 8;
        compress(state, w, out);
    }

    /**
     * One SHA-256 compression (FIPS 180-4, 6.2.2) of the block in {@code w[0..15]}; {@code w} is scratch.
     * {@code out} may be {@code state}.
     */
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
                    + (g ^ (e & (f ^ g))) + K[t] + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) | (c & (a | b)));
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
