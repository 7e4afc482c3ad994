package dev.rotor.secrets;

import java.util.Optional;

/**
 * The parameters of {@code GetRandomPassword}. {@link dev.rotor.RotorConfig} reads them from the environment
 * variables the AWS rotation templates use ({@code PASSWORD_LENGTH}, {@code EXCLUDE_CHARACTERS}, ...).
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
}
