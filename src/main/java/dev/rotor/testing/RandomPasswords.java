package dev.rotor.testing;

import dev.rotor.secrets.PasswordPolicy;
import java.util.Optional;

/** {@code GetRandomPassword}: the operation's limits, then {@link PasswordPolicy#generate()}, as Rotor's handlers. */
final class RandomPasswords {
    static final int MIN_LENGTH = 1;
    static final int MAX_LENGTH = 4096;

    private RandomPasswords() {
    }

    /**
     * @throws SecretsManagerError {@code InvalidParameterException} when the length is out of range, every
     *     character is excluded, or the length cannot hold one character of each included type
     */
    static String generate(long length, String excludeCharacters, boolean excludeNumbers, boolean excludePunctuation,
            boolean excludeUppercase, boolean excludeLowercase, boolean includeSpace, boolean requireEachType) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw SecretsManagerError.invalidParameter("PasswordLength must be between " + MIN_LENGTH + " and "
                    + MAX_LENGTH + ", but is " + length);
        }
        if (excludeCharacters != null && excludeCharacters.length() > MAX_LENGTH) {
            throw SecretsManagerError.invalidParameter("ExcludeCharacters must be at most " + MAX_LENGTH
                    + " characters");
        }
        try {
            return new PasswordPolicy((int) length, Optional.ofNullable(excludeCharacters), excludeNumbers,
                    excludePunctuation, excludeUppercase, excludeLowercase, includeSpace, requireEachType)
                    .generate().reveal();
        } catch (IllegalArgumentException e) { // the policy's messages name parameters only
            throw SecretsManagerError.invalidParameter(e.getMessage());
        }
    }
}
