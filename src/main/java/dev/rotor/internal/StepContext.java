package dev.rotor.internal;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.RotationStateException;
import dev.rotor.Step;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretDescription;
import dev.rotor.secrets.SecretStore;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.PasswordGenerator;
import dev.rotor.spi.RotationContext;
import dev.rotor.spi.TimeBudget;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler's {@link RotationContext}: reads each value on first use, at most once per step. The values come
 * from a {@link Source}: Secrets Manager for the handler, memory for the test kit's
 * {@code dev.rotor.testing.TestRotationContext}, so that both behave the same.
 */
public final class StepContext implements RotationContext {
    private static final Logger LOG = LoggerFactory.getLogger(StepContext.class);

    /** Where a context reads values, with the meaning of the {@link SecretStore} methods of the same names. */
    public interface Source {
        /** The value of the version with the label (or of the version id with the label); empty when none. */
        Optional<Secret> value(String secretId, String versionId, String stage);

        /** Whether the version id with the label has a value. */
        boolean hasValue(String secretId, String versionId, String stage);

        /** A new password following the policy. */
        SecretValue randomPassword(PasswordPolicy policy, String secretId);

        /**
         * A new password: made in this JVM ({@link PasswordPolicy#generate()}) when {@code local}, otherwise by
         * {@code GetRandomPassword}. A policy no password can follow fails with
         * {@link ErrorCode#INVALID_CONFIGURATION} when made here, as the service's refusal when not.
         */
        static SecretValue password(SecretStore store, boolean local, PasswordPolicy policy, String secretId) {
            if (!local) {
                return store.randomPassword(policy, secretId);
            }
            try {
                return policy.generate();
            } catch (IllegalArgumentException e) { // names the settings, never a password
                throw new RotationException(ErrorCode.INVALID_CONFIGURATION, e.getMessage()
                        + "; no password made for secret " + secretId);
            }
        }

        /** Secrets Manager, through the store, passwords included. */
        static Source of(SecretStore store) {
            return of(store, false);
        }

        /** Secrets Manager, through the store; passwords made in this JVM when {@code localPasswords}. */
        static Source of(SecretStore store, boolean localPasswords) {
            return new Source() {
                @Override
                public Optional<Secret> value(String secretId, String versionId, String stage) {
                    return store.value(secretId, versionId, stage);
                }

                @Override
                public boolean hasValue(String secretId, String versionId, String stage) {
                    return store.hasValue(secretId, versionId, stage);
                }

                @Override
                public SecretValue randomPassword(PasswordPolicy policy, String secretId) {
                    return password(store, localPasswords, policy, secretId);
                }
            };
        }
    }

    private final Source source;
    private final String secretArn;
    private final String token;
    private final Step step;
    private final PasswordPolicy policy;
    private final TimeBudget budget;
    private final String currentStage;
    private final boolean pendingFallsBackToCurrent;
    private Secret current;
    private Secret pending;
    private Optional<Secret> previous;

    /**
     * @param currentStage the label {@link #current()} reads: AWSCURRENT, or AWSPREVIOUS after finishSecret moved
     *     the labels
     * @param pendingFallsBackToCurrent whether {@link #pending()} returns the current value when the pending
     *     version has none (a test-only rotation)
     */
    public StepContext(SecretStore store, String secretArn, String token, Step step, PasswordPolicy policy,
            TimeBudget budget, String currentStage, boolean pendingFallsBackToCurrent) {
        this(Source.of(store), secretArn, token, step, policy, budget, currentStage, pendingFallsBackToCurrent);
    }

    /** A context over another source of values; the parameters as in the other constructor. */
    public StepContext(Source source, String secretArn, String token, Step step, PasswordPolicy policy,
            TimeBudget budget, String currentStage, boolean pendingFallsBackToCurrent) {
        this.source = source;
        this.secretArn = secretArn;
        this.token = token;
        this.step = step;
        this.policy = policy;
        this.budget = budget;
        this.currentStage = currentStage;
        this.pendingFallsBackToCurrent = pendingFallsBackToCurrent;
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
            Optional<Secret> stored = source.value(secretArn, null, currentStage);
            if (stored.isEmpty()) {
                throw new RotationStateException(ErrorCode.CURRENT_VERSION_MISSING, "Secret " + secretArn + " has no "
                        + currentStage + " value (" + describe() + ")");
            }
            current = stored.get();
        }
        return current;
    }

    @Override
    public Secret pending() {
        if (pending == null) {
            Optional<Secret> stored = source.value(secretArn, token, SecretDescription.AWSPENDING);
            if (stored.isEmpty() && pendingFallsBackToCurrent) {
                LOG.warn("The AWSPENDING version has no value (a test-only rotation?); {} tests the AWSCURRENT value"
                        + " instead (secret {}, token {})", step, secretArn, token);
                pending = current();
            } else if (stored.isEmpty()) {
                throw new RotationStateException(ErrorCode.PENDING_VERSION_MISSING,
                        "The AWSPENDING version has no value; run createSecret first (" + describe() + ")");
            } else {
                pending = stored.get();
            }
        }
        return pending;
    }

    /** Whether the token's AWSPENDING version has a value; it is not parsed, so any value counts. */
    public boolean pendingHasValue() {
        return source.hasValue(secretArn, token, SecretDescription.AWSPENDING);
    }

    @Override
    @SuppressWarnings("OptionalAssignedToNull")
    public Optional<Secret> previous() {
        if (previous == null) {
            Optional<Secret> value;
            try {
                value = source.value(secretArn, null, SecretDescription.AWSPREVIOUS);
            } catch (RotationException e) {
                // a missing or unreadable AWSPREVIOUS is ignored, never fatal; the message is Rotor's, so safe
                LOG.warn("Ignoring the AWSPREVIOUS value of secret {} (token {}): {}", secretArn, token,
                        e.getMessage());
                value = Optional.empty();
            }
            previous = value;
        }
        return previous;
    }

    @Override
    public Secret otherSecret(String secretId) {
        return source.value(secretId, null, SecretDescription.AWSCURRENT).orElseThrow(() ->
                new RotationStateException(ErrorCode.CURRENT_VERSION_MISSING, "Secret " + secretId
                        + " has no AWSCURRENT value (read for " + describe() + ")"));
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return policy;
    }

    @Override
    public PasswordGenerator passwords() {
        return chosen -> source.randomPassword(chosen, secretArn);
    }

    @Override
    public TimeBudget budget() {
        return budget;
    }

    @Override
    public String toString() {
        return "RotationContext{" + describe() + "}";
    }
}
