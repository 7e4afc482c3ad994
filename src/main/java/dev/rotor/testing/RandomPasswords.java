package dev.rotor.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** {@code GetRandomPassword}: every parameter of the real operation, drawn from a {@link SecureRandom}. */
final class RandomPasswords {
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    static final int MIN_LENGTH = 1;
    static final int MAX_LENGTH = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

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
        String excluded = excludeCharacters == null ? "" : excludeCharacters;
        List<String> types = new ArrayList<>();
        addType(types, LOWER, excludeLowercase, excluded);
        addType(types, UPPER, excludeUppercase, excluded);
        addType(types, DIGITS, excludeNumbers, excluded);
        addType(types, PUNCTUATION, excludePunctuation, excluded);
        addType(types, " ", !includeSpace, excluded);
        if (types.isEmpty()) {
            throw SecretsManagerError.invalidParameter("The password parameters exclude every character");
        }
        if (requireEachType && length < types.size()) {
            throw SecretsManagerError.invalidParameter("PasswordLength " + length + " cannot hold one character of"
                    + " each of the " + types.size() + " included types (RequireEachIncludedType)");
        }
        String all = String.join("", types);
        char[] password = new char[(int) length];
        int next = 0;
        if (requireEachType) {
            for (String type : types) {
                password[next++] = type.charAt(RANDOM.nextInt(type.length()));
            }
        }
        while (next < password.length) {
            password[next++] = all.charAt(RANDOM.nextInt(all.length()));
        }
        for (int i = password.length - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        return new String(password);
    }

    private static void addType(List<String> types, String characters, boolean exclude, String excluded) {
        if (exclude) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (char c : characters.toCharArray()) {
            if (excluded.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        if (kept.length() > 0) {
            types.add(kept.toString());
        }
    }
}
