package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** Pbkdf2 against the JDK's own PBKDF2WithHmacSHA256 (asked of SunJCE by name, whatever else is installed). */
class Pbkdf2Test {
    private static final Random RANDOM = new Random(8018);

    /** The JDK's derived key of a printable-ASCII password (so that its bytes are its chars). */
    static byte[] jdk(byte[] password, byte[] salt, int iterations, int length) throws Exception {
        char[] chars = new String(password, StandardCharsets.US_ASCII).toCharArray();
        return SecretKeyFactory.getInstance(Pbkdf2Provider.ALGORITHM, "SunJCE")
                .generateSecret(new PBEKeySpec(chars, salt, iterations, 8 * length)).getEncoded();
    }

    private static byte[] printable(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (0x20 + RANDOM.nextInt(0x7f - 0x20));
        }
        return bytes;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Test
    void equalsTheJdksForPasswordsAroundTheHmacBlock() throws Exception {
        // 64 bytes is HMAC-SHA-256's block: longer keys are hashed first
        for (int length : new int[] {1, 2, 31, 32, 33, 55, 56, 63, 64, 65, 100, 127, 128, 129, 200}) {
            byte[] password = printable(length);
            byte[] salt = random(16);
            assertThat(Pbkdf2.derive(password, salt, 3, 32)).as("password of %d bytes", length)
                    .isEqualTo(jdk(password, salt, 3, 32));
        }
    }

    @Test
    void equalsTheJdksForSaltsAroundTheShaBlock() throws Exception {
        // the first HMAC hashes salt || INT(i) after the key block: one or two more SHA-256 blocks with padding
        // (PBEKeySpec refuses an empty salt)
        for (int length : new int[] {1, 16, 51, 52, 55, 56, 59, 60, 64, 115, 116, 119, 120, 123, 124, 200}) {
            byte[] password = printable(20);
            byte[] salt = random(length);
            assertThat(Pbkdf2.derive(password, salt, 2, 32)).as("salt of %d bytes", length)
                    .isEqualTo(jdk(password, salt, 2, 32));
        }
    }

    @Test
    void equalsTheJdksForKeyLengthsOfOneOrMoreBlocks() throws Exception {
        for (int length : new int[] {1, 16, 31, 32, 33, 63, 64, 65, 100}) {
            byte[] password = printable(12);
            byte[] salt = random(16);
            assertThat(Pbkdf2.derive(password, salt, 5, length)).as("key of %d bytes", length)
                    .isEqualTo(jdk(password, salt, 5, length));
        }
    }

    @Test
    void equalsTheJdksForScramsIterationCounts() throws Exception {
        byte[] password = printable(32);
        byte[] salt = random(16);
        for (int iterations : new int[] {1, 2, 4096, 10_000}) {
            assertThat(Pbkdf2.derive(password, salt, iterations, 32)).as("%d iterations", iterations)
                    .isEqualTo(jdk(password, salt, iterations, 32));
        }
    }

    @Test
    void anEmptyPasswordIsAZeroKey() throws Exception {
        // SecretKeySpec refuses an empty key, so the JDK's HMAC cannot be asked directly; its PBKDF2 can
        byte[] salt = random(16);
        assertThat(Pbkdf2.derive(new byte[0], salt, 7, 32)).isEqualTo(SecretKeyFactory.getInstance(
                Pbkdf2Provider.ALGORITHM, "SunJCE").generateSecret(new PBEKeySpec(new char[0], salt, 7, 256))
                .getEncoded());
    }

    @Test
    void refusesNoIterationsOrNoKey() {
        assertThatThrownBy(() -> Pbkdf2.derive(new byte[1], new byte[1], 0, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.derive(new byte[1], new byte[1], 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
