package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ScramVerifier against the JDK's own PBKDF2 and HMAC (RFC 5802's definitions), and against pgjdbc's format. */
class ScramVerifierTest {
    private static final Random RANDOM = new Random(7677);

    private static String printable(int length) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < length; i++) {
            password.append((char) (0x20 + RANDOM.nextInt(0x7f - 0x20)));
        }
        return password.toString();
    }

    /** The verifier by the book, with the JDK's PBKDF2WithHmacSHA256. */
    private static String reference(String password, byte[] salt, int iterations) throws Exception {
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", "SunJCE")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = mac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        Base64.Encoder base64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 31, 32, 55, 63, 64, 65, 100, 200})
    void equalsTheJdksPbkdf2ForEveryKeyLength(int length) throws Exception {
        String password = printable(length);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        for (int iterations : new int[] {1, 2, 3, ScramVerifier.ITERATIONS}) {
            assertThat(ScramVerifier.of(password.toCharArray(), salt, iterations))
                    .as("length %d, %d iterations", length, iterations)
                    .isEqualTo(reference(password, salt, iterations));
        }
    }

    @Test
    void aFreshVerifierHasPostgresqlsFormAndAFreshSalt() {
        String first = ScramVerifier.of("correct horse battery staple".toCharArray());
        assertThat(first).matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=");
        assertThat(ScramVerifier.of("correct horse battery staple".toCharArray())).isNotEqualTo(first);
    }

    @Test
    void aPasswordOutsidePrintableAsciiGoesThroughSaslPrep() {
        // pgjdbc's encoder (SASLprep, then the same function) produces it; the fast path refuses such input
        assertThat(ScramVerifier.of("pässwörd\u00a0zwei".toCharArray())).startsWith("SCRAM-SHA-256$4096:");
        assertThatThrownBy(() -> ScramVerifier.of("tab\there".toCharArray(), new byte[16], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
