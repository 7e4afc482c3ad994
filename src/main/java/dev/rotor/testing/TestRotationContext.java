package dev.rotor.testing;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.RotationStateException;
import dev.rotor.Step;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RotationContext} over values held in memory, for unit-testing one step of a {@link CredentialChanger}
 * without Secrets Manager. It behaves as the handler's context does:
 *
 * <ul>
 *   <li>Values are parsed on first use and at most once; a value given as JSON that is malformed fails when the
 *       changer reads it, with the handler's {@code MALFORMED_SECRET} error. {@link #reads()} lists the reads the
 *       handler's context would have made from Secrets Manager.</li>
 *   <li>{@link #current()} without a current value fails with {@code CURRENT_VERSION_MISSING}; {@link #pending()}
 *       without a pending value fails with {@code PENDING_VERSION_MISSING}, except in testSecret, where it answers
 *       the current value (a test-only rotation's AWSPENDING version has no value); {@link #previous()} is empty
 *       when there is no previous value or it cannot be parsed, never an error; {@link #otherSecret} of an unknown
 *       secret fails with {@code CURRENT_VERSION_MISSING}.</li>
 *   <li>In finishSecret ({@link CredentialChanger#afterFinish}) {@code current} is the value just replaced (now
 *       AWSPREVIOUS) and {@code pending} the new current value: give them that way.</li>
 *   <li>{@link #passwords()} follows the {@link PasswordPolicy} as {@code GetRandomPassword} does (the local
 *       Secrets Manager's generator), and an impossible policy fails with the handler's
 *       {@code SECRETS_MANAGER_ERROR}; {@link #budget()} is one {@link TimeBudget} for the whole step, started when
 *       the context is built.</li>
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

    private static final Logger LOG = LoggerFactory.getLogger(TestRotationContext.class);

    private final String secretArn;
    private final String token;
    private final Step step;
    private final Value currentValue;
    private final Value pendingValue;
    private final Value previousValue;
    private final Map<String, Value> others;
    private final PasswordPolicy policy;
    private final PasswordGenerator generator;
    private final TimeBudget budget;
    private final List<String> reads = new ArrayList<>();
    private Secret current;
    private Secret pending;
    private Optional<Secret> previous;

    private TestRotationContext(Builder builder) {
        this.secretArn = builder.secretArn;
        this.token = builder.token != null ? builder.token : UUID.randomUUID().toString();
        this.step = builder.step;
        this.currentValue = builder.current;
        this.pendingValue = builder.pending;
        this.previousValue = builder.previous;
        this.others = Map.copyOf(builder.others);
        this.policy = builder.policy;
        this.generator = builder.generator != null ? builder.generator : this::randomPassword;
        this.budget = TimeBudget.of(builder.budget, "step " + step + " of secret " + secretArn + ", token " + token);
    }

    /** A builder of contexts for the step; everything else has a default (see each method). */
    public static Builder builder(Step step) {
        return new Builder(step);
    }

    @Override
    public String secretArn() {
        return secretArn;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public Secret current() {
        if (current == null) {
            reads.add("current");
            String label = currentLabel();
            if (currentValue == null) {
                throw new RotationStateException(ErrorCode.CURRENT_VERSION_MISSING, "Secret " + secretArn
                        + " has no " + label + " value (" + describe() + ")");
            }
            current = currentValue.secret(label + " of " + secretArn);
        }
        return current;
    }

    @Override
    public Secret pending() {
        if (pending == null) {
            reads.add("pending");
            if (pendingValue != null) {
                pending = pendingValue.secret(SecretDescription.AWSPENDING + " version " + token + " of " + secretArn);
            } else if (step == Step.TEST_SECRET) {
                LOG.warn("The AWSPENDING version has no value (a test-only rotation?); {} tests the AWSCURRENT value"
                        + " instead (secret {}, token {})", step, secretArn, token);
                pending = current();
            } else {
                throw new RotationStateException(ErrorCode.PENDING_VERSION_MISSING,
                        "The AWSPENDING version has no value; run createSecret first (" + describe() + ")");
            }
        }
        return pending;
    }

    @Override
    @SuppressWarnings("OptionalAssignedToNull")
    public Optional<Secret> previous() {
        if (previous == null) {
            reads.add("previous");
            Optional<Secret> value = Optional.empty();
            if (previousValue != null) {
                try {
                    value = Optional.of(previousValue.secret(SecretDescription.AWSPREVIOUS + " of " + secretArn));
                } catch (RotationException e) {
                    // as the handler's context: an unreadable AWSPREVIOUS is ignored; Rotor's message, so safe
                    LOG.warn("Ignoring the AWSPREVIOUS value of secret {} (token {}): {}", secretArn, token,
                            e.getMessage());
                }
            }
            previous = value;
        }
        return previous;
    }

    /** Read on every call, as the handler's context reads it from Secrets Manager on every call. */
    @Override
    public Secret otherSecret(String secretId) {
        reads.add("otherSecret(" + secretId + ")");
        Value other = others.get(secretId);
        if (other == null) {
            throw new RotationStateException(ErrorCode.CURRENT_VERSION_MISSING, "Secret " + secretId
                    + " has no AWSCURRENT value (read for " + describe() + ")");
        }
        return other.secret(SecretDescription.AWSCURRENT + " of " + secretId);
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return policy;
    }

    @Override
    public PasswordGenerator passwords() {
        return generator;
    }

    @Override
    public TimeBudget budget() {
        return budget;
    }

    /**
     * The reads the handler's context would have made from Secrets Manager so far, in order: {@code "current"},
     * {@code "pending"} and {@code "previous"} once each at their first use, {@code "otherSecret(<id>)"} at every
     * call. A read that failed counts.
     */
    public List<String> reads() {
        return List.copyOf(reads);
    }

    /** The step, secret and token, and which values are present; never a value. */
    @Override
    public String toString() {
        return "TestRotationContext{" + describe() + ", current=" + shown(currentValue) + ", pending="
                + shown(pendingValue) + ", previous=" + shown(previousValue) + ", otherSecrets="
                + others.keySet().stream().sorted().toList() + ", budget=" + budget + "}";
    }

    private static String shown(Value value) {
        return value == null ? "absent" : "<masked>";
    }

    /** The label {@link #current()} reads: AWSPREVIOUS in finishSecret, after AWSCURRENT moved. */
    private String currentLabel() {
        return step == Step.FINISH_SECRET ? SecretDescription.AWSPREVIOUS : SecretDescription.AWSCURRENT;
    }

    private SecretValue randomPassword(PasswordPolicy chosen) {
        try {
            return SecretValue.of(RandomPasswords.generate(chosen.length(),
                    chosen.excludeCharacters().filter(s -> !s.isEmpty()).orElse(null), chosen.excludeNumbers(),
                    chosen.excludePunctuation(), chosen.excludeUppercase(), chosen.excludeLowercase(),
                    chosen.includeSpace(), chosen.requireEachIncludedType()));
        } catch (SecretsManagerError e) {
            throw new SecretsManagerException("GetRandomPassword failed for secret " + secretArn + ": " + e.type()
                    + " (HTTP " + e.status() + ")", e.type(), e);
        }
    }

    /** A value as given: JSON to parse on first use, or a parsed {@link Secret}. */
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
