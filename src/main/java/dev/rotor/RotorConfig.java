package dev.rotor;

import dev.rotor.secrets.PasswordPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of Rotor's core, read from the environment in one place. Each knob is documented in the README's
 * configuration reference with its default.
 *
 * @param region the AWS region ({@code AWS_REGION}); empty means the SDK's default region chain
 * @param endpoint the Secrets Manager endpoint ({@code SECRETS_MANAGER_ENDPOINT}, else
 *     {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, else {@code AWS_ENDPOINT_URL}); empty means the regional one
 * @param passwordPolicy the {@code GetRandomPassword} parameters ({@code PASSWORD_LENGTH}, {@code EXCLUDE_*},
 *     {@code REQUIRE_EACH_INCLUDED_TYPE})
 * @param timeReserve the time kept free before the Lambda deadline ({@code ROTOR_TIME_RESERVE_MS}, default 2000)
 * @param defaultBudget the step budget when no Lambda context gives one ({@code ROTOR_DEFAULT_BUDGET_MS}, default
 *     60000)
 * @param valueReuse how long a handler instance keeps the values of a rotation's versions for its next steps
 *     ({@code ROTOR_VALUE_REUSE_SECONDS}, default 300, at most 3600; zero keeps none, so every step reads them)
 * @param passwordSource who makes new passwords ({@code ROTOR_PASSWORD_SOURCE}: {@code local}, the default, or
 *     {@code secretsmanager})
 */
public record RotorConfig(
        Optional<String> region,
        Optional<URI> endpoint,
        PasswordPolicy passwordPolicy,
        Duration timeReserve,
        Duration defaultBudget,
        Duration valueReuse,
        PasswordSource passwordSource) {

    /** {@code ROTOR_TIME_RESERVE_MS} when unset. */
    public static final int DEFAULT_TIME_RESERVE_MS = 2_000;
    /** {@code ROTOR_DEFAULT_BUDGET_MS} when unset. */
    public static final int DEFAULT_BUDGET_MS = 60_000;
    /** {@code ROTOR_VALUE_REUSE_SECONDS} when unset. */
    public static final int DEFAULT_VALUE_REUSE_SECONDS = 300;
    private static final int MAX_VALUE_REUSE_SECONDS = 3_600;

    public RotorConfig {
        region = region == null ? Optional.empty() : region;
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        Objects.requireNonNull(timeReserve, "timeReserve");
        Objects.requireNonNull(defaultBudget, "defaultBudget");
        Objects.requireNonNull(valueReuse, "valueReuse");
        Objects.requireNonNull(passwordSource, "passwordSource");
    }

    /** Who makes the passwords that {@link dev.rotor.spi.RotationContext#passwords()} returns. */
    public enum PasswordSource {
        /** This JVM, from a {@link java.security.SecureRandom}: {@link PasswordPolicy#generate()}. No API call. */
        LOCAL,
        /** Secrets Manager's {@code GetRandomPassword}, one call per password. */
        SECRETS_MANAGER
    }

    /** The defaults, as with an empty environment: no region or endpoint override. */
    public static RotorConfig defaults() {
        return fromEnvironment(Map.of());
    }

    /** Reads the process environment. */
    public static RotorConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the given environment.
     *
     * @throws RotationException with {@link ErrorCode#INVALID_CONFIGURATION} naming the variable at fault
     */
    public static RotorConfig fromEnvironment(Map<String, String> env) {
        Optional<String> endpoint = first(env, "SECRETS_MANAGER_ENDPOINT", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                "AWS_ENDPOINT_URL");
        PasswordPolicy defaults = PasswordPolicy.DEFAULT;
        int length = integer(env, "PASSWORD_LENGTH", defaults.length());
        if (length < 1 || length > 4096) {
            throw invalid("PASSWORD_LENGTH", "must be between 1 and 4096");
        }
        boolean excludeNumbers = bool(env, "EXCLUDE_NUMBERS", defaults.excludeNumbers());
        boolean excludePunctuation = bool(env, "EXCLUDE_PUNCTUATION", defaults.excludePunctuation());
        boolean excludeUppercase = bool(env, "EXCLUDE_UPPERCASE", defaults.excludeUppercase());
        boolean excludeLowercase = bool(env, "EXCLUDE_LOWERCASE", defaults.excludeLowercase());
        boolean includeSpace = bool(env, "INCLUDE_SPACE", defaults.includeSpace());
        if (excludeNumbers && excludePunctuation && excludeUppercase && excludeLowercase && !includeSpace) {
            throw invalid("EXCLUDE_NUMBERS, EXCLUDE_PUNCTUATION, EXCLUDE_UPPERCASE, EXCLUDE_LOWERCASE",
                    "exclude every character type; leave at least one false");
        }
        String exclude = env.get("EXCLUDE_CHARACTERS");
        Optional<String> excludeCharacters = exclude == null || exclude.isEmpty() ? Optional.empty()
                : Optional.of(exclude); // empty means the changer's default, as when unset
        PasswordPolicy policy = new PasswordPolicy(length, excludeCharacters,
                excludeNumbers, excludePunctuation, excludeUppercase, excludeLowercase, includeSpace,
                bool(env, "REQUIRE_EACH_INCLUDED_TYPE", defaults.requireEachIncludedType()));
        int reserve = integer(env, "ROTOR_TIME_RESERVE_MS", DEFAULT_TIME_RESERVE_MS);
        int defaultBudget = integer(env, "ROTOR_DEFAULT_BUDGET_MS", DEFAULT_BUDGET_MS);
        if (defaultBudget == 0) {
            throw invalid("ROTOR_DEFAULT_BUDGET_MS", "must be positive");
        }
        int valueReuse = integer(env, "ROTOR_VALUE_REUSE_SECONDS", DEFAULT_VALUE_REUSE_SECONDS);
        if (valueReuse > MAX_VALUE_REUSE_SECONDS) {
            throw invalid("ROTOR_VALUE_REUSE_SECONDS", "must be at most " + MAX_VALUE_REUSE_SECONDS);
        }
        PasswordSource passwordSource = switch (env.getOrDefault("ROTOR_PASSWORD_SOURCE", "").strip()
                .toLowerCase(Locale.ROOT)) {
            case "", "local" -> PasswordSource.LOCAL;
            case "secretsmanager" -> PasswordSource.SECRETS_MANAGER;
            default -> throw invalid("ROTOR_PASSWORD_SOURCE", "must be local or secretsmanager");
        };
        return new RotorConfig(
                first(env, "AWS_REGION", "AWS_DEFAULT_REGION"),
                endpoint.isPresent() ? Optional.of(endpointUri(endpoint.get())) : Optional.empty(),
                policy,
                Duration.ofMillis(reserve),
                Duration.ofMillis(defaultBudget),
                Duration.ofSeconds(valueReuse),
                passwordSource);
    }

    /**
     * Parses a boolean setting the way the AWS templates do: {@code true}, {@code 1}, {@code y}, {@code yes} (any
     * case) are true; {@code false}, {@code 0}, {@code n}, {@code no} (any case) are false. Unset or blank means
     * the default (a template that passes an empty parameter must not silently turn a safe default off); any other
     * value is refused, naming the variable.
     */
    public static boolean bool(Map<String, String> env, String name, boolean defaultValue) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "y", "yes" -> true;
            case "false", "0", "n", "no" -> false;
            default -> throw invalid(name, "must be true/1/y/yes or false/0/n/no");
        };
    }

    /** Parses a non-negative integer setting; unset or blank means the default. */
    public static int integer(Map<String, String> env, String name, int defaultValue) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < 0) {
                throw invalid(name, "must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be an integer");
        }
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    private static URI endpointUri(String value) {
        String name = "Secrets Manager endpoint (SECRETS_MANAGER_ENDPOINT, AWS_ENDPOINT_URL_SECRETS_MANAGER or"
                + " AWS_ENDPOINT_URL)";
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw invalid(name, "must be an absolute URL such as https://secretsmanager.eu-west-1.amazonaws.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(name, "is not a valid URL");
        }
    }

    private static RotationException invalid(String name, String problem) {
        return new RotationException(ErrorCode.INVALID_CONFIGURATION, "Configuration " + name + " " + problem);
    }
}
