package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link PasswordPolicy#generate()}, the handlers' default password source. The local Secrets Manager's
 * GetRandomPassword runs the same code, so {@code GetRandomPasswordTest} checks it through the SDK as well.
 */
class PasswordPolicyTest {
    private static PasswordPolicy policy(int length, String exclude, boolean requireEach) {
        return new PasswordPolicy(length, Optional.ofNullable(exclude), false, false, false, false, false,
                requireEach);
    }

    @Test
    void theDefaultIs32CharactersWithOneOfEachTypeAnywhere() {
        Set<Character> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = PasswordPolicy.DEFAULT.generate().reveal();
            assertThat(password).hasSize(32).containsPattern("[a-z]").containsPattern("[A-Z]")
                    .containsPattern("[0-9]").containsPattern("[!-/:-@\\[-`{-~]").doesNotContain(" ")
                    .matches("[\\x21-\\x7e]{32}");
            firsts.add(Character.getType(password.charAt(0)) == Character.LOWERCASE_LETTER ? 'a'
                    : Character.isUpperCase(password.charAt(0)) ? 'A' : Character.isDigit(password.charAt(0)) ? '0'
                    : '!');
        }
        // the required characters are shuffled in: every type turns up first
        assertThat(firsts).containsExactlyInAnyOrder('a', 'A', '0', '!');
    }

    @Test
    void excludedCharactersNeverAppearAndAnEmptiedTypeIsNotRequired() {
        for (int i = 0; i < 50; i++) {
            assertThat(policy(40, ":/@\"'\\", true).generate().reveal()).doesNotContain(":", "/", "@", "\"", "'",
                    "\\");
            assertThat(policy(8, "0123456789", true).generate().reveal()).doesNotContainPattern("[0-9]")
                    .hasSize(8);
        }
    }

    @Test
    void theTypeFlagsAndTheSpaceAreHonoured() {
        PasswordPolicy lettersAndSpace = new PasswordPolicy(64, Optional.empty(), true, true, false, false, true,
                true);
        for (int i = 0; i < 50; i++) {
            assertThat(lettersAndSpace.generate().reveal()).matches("[A-Za-z ]{64}").contains(" ")
                    .containsPattern("[a-z]").containsPattern("[A-Z]");
        }
        assertThat(policy(4096, null, false).generate().reveal()).hasSize(4096);
        assertThat(policy(1, null, false).generate().reveal()).hasSize(1);
    }

    @Test
    void impossiblePoliciesAreRefusedNamingTheSettings() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        PasswordPolicy nothingLeft = new PasswordPolicy(16, Optional.of(letters), true, true, false, false, false,
                true);
        assertThatThrownBy(nothingLeft::generate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("excludes every character").hasMessageContaining("EXCLUDE_CHARACTERS");
        assertThatThrownBy(() -> policy(3, null, true).generate()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Password length 3 cannot hold one character of each of the 4 included types"
                        + " (REQUIRE_EACH_INCLUDED_TYPE)");
        assertThat(policy(3, null, false).generate().reveal()).hasSize(3);
    }

    @Test
    void passwordsDiffer() {
        String first = PasswordPolicy.DEFAULT.generate().reveal();
        assertThat(PasswordPolicy.DEFAULT.generate().reveal()).isNotEqualTo(first);
    }
}
