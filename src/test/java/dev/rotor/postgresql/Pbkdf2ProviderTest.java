package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Provider;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.interfaces.PBEKey;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider's factory, asked through the JCA without installing it, against SunJCE's: the same keys, the same
 * errors, keys that carry the same parameters. Its installation by the engine is checked against a real server in
 * {@code PostgreSqlSingleUserIT}.
 */
class Pbkdf2ProviderTest {
    private static final Random RANDOM = new Random(5802);
    private static final Provider ROTOR = new Pbkdf2Provider();

    private static SecretKeyFactory rotor() throws Exception {
        return SecretKeyFactory.getInstance(Pbkdf2Provider.ALGORITHM, ROTOR);
    }

    private static SecretKeyFactory jdk() throws Exception {
        return SecretKeyFactory.getInstance(Pbkdf2Provider.ALGORITHM, "SunJCE");
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "pässwörd", "пароль", "密码", "emoji \ud83d\udd11 key",
        "unpaired \ud83d surrogate", "trailing \udd11", ""})
    void derivesTheJdksKeyFromTheSamePasswordCharacters(String password) throws Exception {
        byte[] salt = salt();
        for (int bits : new int[] {256, 8, 512, 1024}) {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 4096, bits);
            assertThat(rotor().generateSecret(spec).getEncoded()).as("%d bits", bits)
                    .isEqualTo(jdk().generateSecret(spec).getEncoded());
        }
    }

    @Test
    void theKeyCarriesItsParametersAndEqualsTheJdksKeyBothWays() throws Exception {
        char[] password = "pencil".toCharArray();
        byte[] salt = salt();
        PBEKeySpec spec = new PBEKeySpec(password, salt, 100, 256);
        SecretKey ours = rotor().generateSecret(spec);
        SecretKey theirs = jdk().generateSecret(spec);
        assertThat(ours).isInstanceOf(PBEKey.class);
        PBEKey key = (PBEKey) ours;
        assertThat(key.getAlgorithm()).isEqualTo(theirs.getAlgorithm());
        assertThat(key.getFormat()).isEqualTo(theirs.getFormat()).isEqualTo("RAW");
        assertThat(key.getPassword()).isEqualTo(password);
        assertThat(key.getSalt()).isEqualTo(salt);
        assertThat(key.getIterationCount()).isEqualTo(100);
        // equal both ways; the hash codes need not agree (the JDK's own formula differs between JDK 17 and 25)
        assertThat(ours).isEqualTo(theirs);
        assertThat(theirs).isEqualTo(ours);
        SecretKey again = rotor().generateSecret(spec);
        assertThat(again).isEqualTo(ours).hasSameHashCodeAs(ours);
        assertThat(ours).isNotEqualTo(rotor().generateSecret(new PBEKeySpec(password, salt, 101, 256)));
        assertThat(ours.toString()).doesNotContain("pencil");
    }

    @Test
    void aDestroyedKeyIsClearedAndSaysSo() throws Exception {
        SecretKey key = rotor().generateSecret(new PBEKeySpec("pencil".toCharArray(), salt(), 10, 256));
        key.destroy();
        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(key::getEncoded).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(((PBEKey) key)::getPassword).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyLengthInPartBytesIsTheJdksToo() throws Exception {
        // not computed here: the JDK's own answer, whatever it is
        PBEKeySpec spec = new PBEKeySpec("pencil".toCharArray(), salt(), 10, 255);
        assertThat(rotor().generateSecret(spec).getEncoded()).isEqualTo(jdk().generateSecret(spec).getEncoded());
    }

    @Test
    void refusesWhatTheJdkRefusesWithTheJdksWords() throws Exception {
        KeySpec[] bad = {
            new PBEKeySpec("pencil".toCharArray()), // no salt, no iterations, no key length
            new PBEKeySpec("pencil".toCharArray(), salt(), 10), // no key length
            new SecretKeySpec(new byte[32], "AES"),
        };
        for (KeySpec spec : bad) {
            String expected = messageOf(() -> jdk().generateSecret(spec));
            assertThatThrownBy(() -> rotor().generateSecret(spec)).isInstanceOf(InvalidKeySpecException.class)
                    .hasMessage(expected);
        }
    }

    @Test
    void theFactorysOtherOperationsAreTheJdks() throws Exception {
        char[] password = "pencil".toCharArray();
        byte[] salt = salt();
        SecretKey ours = rotor().generateSecret(new PBEKeySpec(password, salt, 10, 256));
        PBEKeySpec spec = (PBEKeySpec) rotor().getKeySpec(ours, PBEKeySpec.class);
        assertThat(spec.getPassword()).isEqualTo(password);
        assertThat(spec.getSalt()).isEqualTo(salt);
        assertThat(spec.getIterationCount()).isEqualTo(10);
        assertThat(spec.getKeyLength()).isEqualTo(256);
        assertThat(rotor().translateKey(ours)).isEqualTo(ours);
    }

    @Test
    void takesThePlaceOfTheJdksProviderOnly() {
        assertThat(Pbkdf2Provider.shouldInstall(Security.getProvider("SunJCE"))).isTrue();
        assertThat(Pbkdf2Provider.shouldInstall(new Provider("SomeUsersProvider", "1", "") {
            private static final long serialVersionUID = 1L;
        })).isFalse();
        assertThat(Pbkdf2Provider.shouldInstall(ROTOR)).isFalse();
        assertThat(Pbkdf2Provider.shouldInstall(null)).isFalse();
    }

    @Test
    void offersOneServiceOnly() {
        assertThat(ROTOR.getServices()).singleElement().satisfies(service -> {
            assertThat(service.getType()).isEqualTo("SecretKeyFactory");
            assertThat(service.getAlgorithm()).isEqualTo("PBKDF2WithHmacSHA256");
        });
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static String messageOf(Call call) {
        try {
            call.run();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("The JDK accepted it");
    }
}
