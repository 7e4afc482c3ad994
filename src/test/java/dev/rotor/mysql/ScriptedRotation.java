package dev.rotor.mysql;

import dev.rotor.ErrorCode;
import dev.rotor.RotationStateException;
import dev.rotor.Step;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.PasswordGenerator;
import dev.rotor.spi.RotationContext;
import dev.rotor.spi.TimeBudget;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The labels of one secret (AWSCURRENT, AWSPENDING, AWSPREVIOUS) and the other secrets it names, driving a
 * {@link CredentialChanger} through the four steps the way the handler does, without Secrets Manager. Used until
 * the test kit's local Secrets Manager drives the same changers over HTTP.
 */
final class ScriptedRotation {
    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rotor-test";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            + "!#$%&*+-=?^_~";

    private final Map<String, Secret> others = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    Secret current;
    Secret pending;
    Secret previous;
    String token = UUID.randomUUID().toString();

    ScriptedRotation(String currentJson) {
        this.current = Secret.parse(currentJson, "AWSCURRENT of " + ARN);
    }

    ScriptedRotation withOther(String arn, String json) {
        others.put(arn, Secret.parse(json, "AWSCURRENT of " + arn));
        return this;
    }

    /** A password of letters, digits and punctuation (never the engine's excluded characters). */
    SecretValue newPassword() {
        StringBuilder password = new StringBuilder("Aa1!");
        for (int i = 0; i < 28; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return SecretValue.of(password.toString());
    }

    RotationContext context(Step step) {
        return new Context(step);
    }

    /** createSecret: stores the changer's value unless the pending version already has one. */
    void create(CredentialChanger changer) {
        if (pending == null) {
            pending = changer.createPending(context(Step.CREATE_SECRET));
        }
    }

    /** finishSecret: the labels move. */
    void finish(CredentialChanger changer) {
        previous = current;
        current = pending;
        pending = null;
        changer.afterFinish(context(Step.FINISH_SECRET));
        token = UUID.randomUUID().toString();
    }

    /** A whole rotation, with every step run twice (re-runs must be harmless). */
    void rotateWithReruns(CredentialChanger changer) {
        create(changer);
        create(changer);
        changer.apply(context(Step.SET_SECRET));
        changer.apply(context(Step.SET_SECRET));
        changer.verify(context(Step.TEST_SECRET));
        changer.verify(context(Step.TEST_SECRET));
        finish(changer);
    }

    private final class Context implements RotationContext {
        private final Step step;
        private final TimeBudget budget = TimeBudget.of(Duration.ofSeconds(60));

        Context(Step step) {
            this.step = step;
        }

        @Override
        public String secretArn() {
            return ARN;
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
            return current;
        }

        @Override
        public Secret pending() {
            if (pending == null) {
                throw new RotationStateException(ErrorCode.PENDING_VERSION_MISSING, "no pending value");
            }
            return pending;
        }

        @Override
        public Optional<Secret> previous() {
            return Optional.ofNullable(previous);
        }

        @Override
        public Secret otherSecret(String secretId) {
            Secret other = others.get(secretId);
            if (other == null) {
                throw new RotationStateException(ErrorCode.CURRENT_VERSION_MISSING, "Secret " + secretId
                        + " has no AWSCURRENT value");
            }
            return other;
        }

        @Override
        public PasswordPolicy passwordPolicy() {
            return PasswordPolicy.DEFAULT;
        }

        @Override
        public PasswordGenerator passwords() {
            return policy -> newPassword();
        }

        @Override
        public TimeBudget budget() {
            return budget;
        }
    }
}
