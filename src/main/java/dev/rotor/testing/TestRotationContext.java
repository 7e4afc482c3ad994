package dev.rotor.testing;

import dev.rotor.Step;
import dev.rotor.internal.StepContext;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretDescription;
import dev.rotor.secrets.SecretValue;
import dev.rotor.secrets.SecretsManagerException;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.PasswordGenerator;
import dev.rotor.spi.RotationContext;
import dev.rotor.spi.TimeBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link RotationContext} over values held in memory, for unit-testing one step of a {@link CredentialChanger}
 * without Secrets Manager. It is the handler's own context reading from memory instead of Secrets Manager, so it
 * behaves as the handler's context does:
 *
 * <ul>
 *   <li>Values are parsed on first use and at most once; a value given as JSON that is malformed fails when the
 *       changer reads it, with {@code MALFORMED_SECRET}. {@link #reads()} lists the {@code GetSecretValue} calls the
 *       handler's context would have made.</li>
 *   <li>{@link #current()} without a current value fails with {@code CURRENT_VERSION_MISSING}; {@link #pending()}
 *       without a pending value fails with {@code PENDING_VERSION_MISSING}, except in testSecret, where it answers
 *       the current value (a test-only rotation's AWSPENDING version has no value); {@link #previous()} is empty
 *       when there is no previous value or it cannot be parsed, never an error; {@link #otherSecret} of an unknown
 *       secret fails with {@code CURRENT_VERSION_MISSING}.</li>
 *   <li>In finishSecret ({@link CredentialChanger#afterFinish}) AWSCURRENT has already moved: give the value just
 *       replaced as {@code current} and the new one as {@code pending}. As in the handler, {@code current()} and
 *       {@code previous()} then both answer the value just replaced (both read AWSPREVIOUS); a {@code previous}
 *       given to the builder is not seen there.</li>
 *   <li>{@link #passwords()} follows the {@link PasswordPolicy} as {@code GetRandomPassword} does (the local
 *       Secrets Manager's generator), and an impossible policy fails with {@code SECRETS_MANAGER_ERROR};
 *       {@link #budget()} is one {@link TimeBudget} for the whole step, started when the context is built.</li>
 * </ul>
 *
 * <p>{@link #toString()} names the step, secret and token and masks every value. Like the handler's context, an
 * instance is meant for one step on one thread; build a new one for each step (a {@link Builder} builds any number).
 *
 * <pre>{@code
 * TestRotationContext context = TestRotationContext.builder(Step.SET_SECRET)
 *         .current("{\"username\":\"app\",\"password\":\"old-password\"}")
 *         .pending("{\"username\":\"app\",\"password\":\"new-password\"}")
 *         .build();
 * changer.apply(context);
 * changer.apply(context); // a retried setSecret must be harmless
 * }</pre>
 */
public final class TestRotationContext implements RotationContext {
    /** The secret ARN when none is given. */
    public static final String DEFAULT_SECRET_ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:test-secret-AbCdEf";
    /** The step budget when none is given: the handler's default outside Lambda ({@code ROTOR_DEFAULT_BUDGET_MS}). */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

    private final String secretArn;
    private final String token;
    private final Step step;
    private final Value current;
    private final Value pending;
    private final Value previous;
    private final Map<String, Value> others;
    private final PasswordGenerator generator;
    private final List<String> reads = new ArrayList<>();
    private final StepContext context;

    private TestRotationContext(Builder builder) {
        this.secretArn = builder.secretArn;
        this.token = builder.token != null ? builder.token : UUID.randomUUID().toString();
        this.step = builder.step;
        this.current = builder.current;
        this.pending = builder.pending;
        this.previous = builder.previous;
        this.others = Map.copyOf(builder.others);
        this.generator = builder.generator;
        boolean finished = step == Step.FINISH_SECRET;
        this.context = new StepContext(new Memory(), secretArn, token, step, builder.policy,
                TimeBudget.of(builder.budget, "step " + step + " of secret " + secretArn + ", token " + token),
                finished ? SecretDescription.AWSPREVIOUS : SecretDescription.AWSCURRENT, step == Step.TEST_SECRET);
    }

    /** A builder of contexts for the step; everything else has a default (see each method). */
    public static Builder builder(Step step) {
        return new Builder(step);
    }

    @Override
    public String secretArn() {
        return context.secretArn();
    }

    @Override
    public String token() {
        return context.token();
    }

    @Override
    public Step step() {
        return context.step();
    }

    @Override
    public Secret current() {
        return context.current();
    }

    @Override
    public Secret pending() {
        return context.pending();
    }

    @Override
    public Optional<Secret> previous() {
        return context.previous();
    }

    @Override
    public Secret otherSecret(String secretId) {
        return context.otherSecret(secretId);
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return context.passwordPolicy();
    }

    @Override
    public PasswordGenerator passwords() {
        return context.passwords();
    }

    @Override
    public TimeBudget budget() {
        return context.budget();
    }

    /**
     * The {@code GetSecretValue} calls the handler's context would have made so far, in order: the label read of
     * the rotated secret ({@code "AWSCURRENT"}, {@code "AWSPENDING"} or {@code "AWSPREVIOUS"}), or
     * {@code "AWSCURRENT of <id>"} for {@link #otherSecret}. Current, pending and previous are read at most once
     * each; another secret at every call. A read that failed counts.
     */
    public List<String> reads() {
        return List.copyOf(reads);
    }

    /** The step, secret and token, and which values are present; never a value. */
    @Override
    public String toString() {
        return "TestRotationContext{" + describe() + ", current=" + shown(current) + ", pending=" + shown(pending)
                + ", previous=" + shown(previous) + ", otherSecrets=" + others.keySet().stream().sorted().toList()
                + ", budget=" + budget() + "}";
    }

    private static String shown(Value value) {
        return value == null ? "absent" : "<masked>";
    }

    /** The values as Secrets Manager would answer them, by label; in finishSecret AWSCURRENT has moved. */
    private final class Memory implements StepContext.Source {
        @Override
        public Optional<Secret> value(String secretId, String versionId, String stage) {
            reads.add(secretId.equals(secretArn) ? stage : stage + " of " + secretId);
            Value value = find(secretId, versionId, stage);
            String origin = stage + (versionId == null ? "" : " version " + versionId) + " of " + secretId;
            return value == null ? Optional.empty() : Optional.of(value.secret(origin));
        }

        @Override
        public boolean hasValue(String secretId, String versionId, String stage) {
            return find(secretId, versionId, stage) != null;
        }

        @Override
        public SecretValue randomPassword(PasswordPolicy policy, String secretId) {
            return generator != null ? generator.generate(policy) : generate(policy);
        }

        private Value find(String secretId, String versionId, String stage) {
            if (!secretId.equals(secretArn)) {
                return versionId == null && stage.equals(SecretDescription.AWSCURRENT) ? others.get(secretId) : null;
            }
            if (versionId != null) {
                return versionId.equals(token) && stage.equals(SecretDescription.AWSPENDING) ? pending : null;
            }
            boolean finished = step == Step.FINISH_SECRET;
            return switch (stage) {
                case SecretDescription.AWSCURRENT -> finished ? pending : current;
                case SecretDescription.AWSPREVIOUS -> finished ? current : previous;
                default -> null;
            };
        }

        private SecretValue generate(PasswordPolicy chosen) {
            try {
                return SecretValue.of(RandomPasswords.generate(chosen.length(),
                        chosen.excludeCharacters().filter(s -> !s.isEmpty()).orElse(null), chosen.excludeNumbers(),
                        chosen.excludePunctuation(), chosen.excludeUppercase(), chosen.excludeLowercase(),
                        chosen.includeSpace(), chosen.requireEachIncludedType()));
            } catch (SecretsManagerError e) {
                throw new SecretsManagerException("GetRandomPassword failed for secret " + secretArn + ": "
                        + e.type() + " (HTTP " + e.status() + ")", e.type(), e);
            }
        }
    }

    /** A value as given: JSON to parse when read, or a parsed {@link Secret}. */
    private record Value(String json, Secret parsed) {
        Secret secret(String origin) {
            return parsed != null ? parsed : Secret.parse(json, origin);
        }
    }

    /**
     * Builds {@link TestRotationContext}s. Each {@link #build()} makes a fresh context (nothing read yet, a new
     * budget) from what the builder holds then. Not thread-safe.
     */
    public static final class Builder {
        private final Step step;
        private final Map<String, Value> others = new HashMap<>();
        private String secretArn = DEFAULT_SECRET_ARN;
        private String token;
        private Value current;
        private Value pending;
        private Value previous;
        private PasswordPolicy policy = PasswordPolicy.DEFAULT;
        private PasswordGenerator generator;
        private Duration budget = DEFAULT_BUDGET;

        private Builder(Step step) {
            this.step = Objects.requireNonNull(step, "step");
        }

        /** The secret's ARN; default {@link #DEFAULT_SECRET_ARN}. */
        public Builder secretArn(String arn) {
            this.secretArn = Objects.requireNonNull(arn, "arn");
            return this;
        }

        /** The ClientRequestToken (the pending version's id); default a random UUID for each context built. */
        public Builder token(String clientRequestToken) {
            this.token = Objects.requireNonNull(clientRequestToken, "clientRequestToken");
            return this;
        }

        /** The AWSCURRENT value, as the secret string stored (parsed on first use); null for none (the default). */
        public Builder current(String secretString) {
            this.current = json(secretString);
            return this;
        }

        /** The AWSCURRENT value; null for none (the default). */
        public Builder current(Secret value) {
            this.current = parsed(value);
            return this;
        }

        /** The pending version's value, as the secret string stored; null for none (the default). */
        public Builder pending(String secretString) {
            this.pending = json(secretString);
            return this;
        }

        /** The pending version's value; null for none (the default). */
        public Builder pending(Secret value) {
            this.pending = parsed(value);
            return this;
        }

        /** The AWSPREVIOUS value, as the secret string stored; null for none (the default). */
        public Builder previous(String secretString) {
            this.previous = json(secretString);
            return this;
        }

        /** The AWSPREVIOUS value; null for none (the default). */
        public Builder previous(Secret value) {
            this.previous = parsed(value);
            return this;
        }

        /**
         * The AWSCURRENT value of another secret, answered by {@link RotationContext#otherSecret} for exactly this
         * id (the handler's context passes the id to Secrets Manager as given).
         */
        public Builder otherSecret(String secretId, String secretString) {
            others.put(Objects.requireNonNull(secretId, "secretId"),
                    Objects.requireNonNull(json(secretString), "secretString"));
            return this;
        }

        /** The AWSCURRENT value of another secret. */
        public Builder otherSecret(String secretId, Secret value) {
            others.put(Objects.requireNonNull(secretId, "secretId"), Objects.requireNonNull(parsed(value), "value"));
            return this;
        }

        /** The configured password policy; default {@link PasswordPolicy#DEFAULT}. */
        public Builder passwordPolicy(PasswordPolicy passwordPolicy) {
            this.policy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
            return this;
        }

        /** The password generator; default one that follows the policy as {@code GetRandomPassword} does. */
        public Builder passwords(PasswordGenerator passwords) {
            this.generator = Objects.requireNonNull(passwords, "passwords");
            return this;
        }

        /** The time the step may take; default {@link #DEFAULT_BUDGET}. Zero or negative is an exhausted budget. */
        public Builder budget(Duration total) {
            this.budget = Objects.requireNonNull(total, "total");
            return this;
        }

        /** A new context from what this builder holds now. */
        public TestRotationContext build() {
            return new TestRotationContext(this);
        }

        private static Value json(String secretString) {
            return secretString == null ? null : new Value(secretString, null);
        }

        private static Value parsed(Secret value) {
            return value == null ? null : new Value(null, value);
        }
    }
}
