package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** The hand-off from the verifier Rotor sets to the login that tests it: once, exact inputs only, for a while. */
class DerivedKeyHandOffTest {
    private static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALT = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000);
    private final DerivedKeyHandOff handOff = new DerivedKeyHandOff(now::get);

    @Test
    void givesTheKeptKeyOnceToTheSameInputs() {
        handOff.keep(PASSWORD, SALT, 4096, KEY);
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isEqualTo(KEY);
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isNull();
        assertThat(handOff.given()).isEqualTo(1);
    }

    @Test
    void keepsCopiesNotTheCallersArrays() {
        byte[] password = PASSWORD.clone();
        byte[] key = KEY.clone();
        handOff.keep(password, SALT, 4096, key);
        password[0] ^= 1;
        key[0] ^= 1;
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isEqualTo(KEY);
    }

    @Test
    void anyOtherInputGetsNothingAndTheKeyWaitsForItsLogin() {
        handOff.keep(PASSWORD, SALT, 4096, KEY);
        byte[] otherSalt = SALT.clone();
        otherSalt[15] ^= 1;
        assertThat(handOff.take("correct horsf".getBytes(StandardCharsets.UTF_8), SALT, 4096, 32)).isNull();
        assertThat(handOff.take("correct hors".getBytes(StandardCharsets.UTF_8), SALT, 4096, 32)).isNull();
        assertThat(handOff.take(PASSWORD, otherSalt, 4096, 32)).isNull();
        assertThat(handOff.take(PASSWORD, SALT, 4095, 32)).isNull();
        assertThat(handOff.take(PASSWORD, SALT, 4096, 64)).isNull();
        assertThat(handOff.given()).isZero();
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isEqualTo(KEY);
    }

    @Test
    void aKeyPastItsLifetimeIsDropped() {
        handOff.keep(PASSWORD, SALT, 4096, KEY);
        now.addAndGet(DerivedKeyHandOff.LIFETIME.toNanos() + 1);
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isNull();
        now.set(1_000); // even if the clock came back, the key is gone
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isNull();
    }

    @Test
    void theNextVerifierReplacesTheKeptKeyAndClearDropsIt() {
        handOff.keep(PASSWORD, SALT, 4096, KEY);
        handOff.keep("another".getBytes(StandardCharsets.UTF_8), SALT, 4096, KEY);
        assertThat(handOff.take(PASSWORD, SALT, 4096, 32)).isNull();
        handOff.clear();
        assertThat(handOff.take("another".getBytes(StandardCharsets.UTF_8), SALT, 4096, 32)).isNull();
    }

    @Test
    void theProvidersLoginGetsTheVerifiersKeyWhichIsTheJdksKey() throws Exception {
        Pbkdf2Provider.install();
        assertThat(Pbkdf2Provider.installed()).as("SunJCE serves PBKDF2 in this JVM").isTrue();
        byte[] salt = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
        char[] password = "Zq7#handoff-test-password".toCharArray();
        ScramVerifier.of(password, salt, 4096);
        long before = DerivedKeyHandOff.instance().given();
        PBEKeySpec spec = new PBEKeySpec(password, salt, 4096, 256);
        byte[] login = SecretKeyFactory.getInstance(Pbkdf2Provider.ALGORITHM, new Pbkdf2Provider())
                .generateSecret(spec).getEncoded();
        assertThat(DerivedKeyHandOff.instance().given()).isEqualTo(before + 1);
        assertThat(login).isEqualTo(SecretKeyFactory.getInstance(Pbkdf2Provider.ALGORITHM, "SunJCE")
                .generateSecret(spec).getEncoded());
    }
}
