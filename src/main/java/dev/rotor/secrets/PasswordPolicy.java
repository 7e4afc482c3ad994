package dev.rotor.secrets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of {@code GetRandomPassword}. {@link dev.rotor.RotorConfig} reads them from the environment
 * variables the AWS rotation templates use ({@code PASSWORD_LENGTH}, {@code EXCLUDE_CHARACTERS}, ...);
 * {@link #generate()} makes a password from them as that operation does.
 *
 * @param length the password length, 1 to 4096
 * @param excludeCharacters characters never to use; empty means "the changer's default"
 */
public record PasswordPolicy(
        int length,
        Optional<String> excludeCharacters,
        boolean excludeNumbers,
        boolean excludePunctuation,
        boolean excludeUppercase,
        boolean excludeLowercase,
        boolean includeSpace,
        boolean requireEachIncludedType) {

    /** The character types of {@code GetRandomPassword}, space aside. */
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** Secrets Manager's defaults: 32 characters of every type, at least one of each. */
    public static final PasswordPolicy DEFAULT =
            new PasswordPolicy(32, Optional.empty(), false, false, false, false, false, true);

    public PasswordPolicy {
        if (length < 1 || length > 4096) {
            throw new IllegalArgumentException("Password length must be between 1 and 4096, not " + length);
        }
        excludeCharacters = excludeCharacters == null ? Optional.empty() : excludeCharacters;
        if (excludeNumbers && excludePunctuation && excludeUppercase && excludeLowercase && !includeSpace) {
            throw new IllegalArgumentException("Password policy excludes every character type");
        }
    }

    /** This policy, with the given characters excluded unless the configuration already names some. */
    public PasswordPolicy withDefaultExcludeCharacters(String characters) {
        return excludeCharacters.isPresent() ? this : new PasswordPolicy(length, Optional.of(characters),
                excludeNumbers, excludePunctuation, excludeUppercase, excludeLowercase, includeSpace,
                requireEachIncludedType);
    }

    /**
     * A new password following this policy, as {@code GetRandomPassword} makes one: characters drawn from a
     * {@link SecureRandom} out of each included type (lower case, upper case, digits, the 32 ASCII punctuation
     * characters, and the space when {@code includeSpace}) less the excluded characters; with
     * {@code requireEachIncludedType}, at least one of each type that has any character left, in random positions.
     *
     * @throws IllegalArgumentException when the excluded characters leave none to draw from, or the length cannot
     *     hold one character of each included type; the message names the parameters, never a password
     */
    public SecretValue generate() {
        String excluded = excludeCharacters.orElse("");
        List<String> types = new ArrayList<>(5);
        addType(types, LOWER, excludeLowercase, excluded);
        addType(types, UPPER, excludeUppercase, excluded);
        addType(types, DIGITS, excludeNumbers, excluded);
        addType(types, PUNCTUATION, excludePunctuation, excluded);
        addType(types, " ", !includeSpace, excluded);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("The password policy excludes every character (EXCLUDE_CHARACTERS"
                    + " and the EXCLUDE_* settings)");
        }
        if (requireEachIncludedType && length < types.size()) {
            throw new IllegalArgumentException("Password length " + length + " cannot hold one character of each of"
                    + " the " + types.size() + " included types (REQUIRE_EACH_INCLUDED_TYPE)");
        }
        SecureRandom random = Randomness.SOURCE;
        String all = String.join("", types);
        char[] password = new char[length];
        int next = 0;
        if (requireEachIncludedType) {
            for (String type : types) {
                password[next++] = type.charAt(random.nextInt(type.length()));
            }
        }
        while (next < length) {
            password[next++] = all.charAt(random.nextInt(all.length()));
        }
        for (int i = length - 1; i > 0; i--) { // Fisher-Yates, so the required characters sit anywhere
            int j = random.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        SecretValue value = SecretValue.of(new String(password));
        Arrays.fill(password, '\0');
        return value;
    }

    private static void addType(List<String> types, String characters, boolean exclude, String excluded) {
        if (exclude) {
            return;
        }
        StringBuilder kept = new StringBuilder(characters.length());
        for (int i = 0; i < characters.length(); i++) {
            char c = characters.charAt(i);
            if (excluded.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        if (kept.length() > 0) {
            types.add(kept.toString());
        }
    }

    /** Created on first use, so that a step that makes no password does not seed one. */
    private static final class Randomness {
        static final SecureRandom SOURCE = new SecureRandom();
    }
}
