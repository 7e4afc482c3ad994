package dev.rotor.testsupport;

import dev.rotor.Step;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.testing.TestRotationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The labels of one secret (AWSCURRENT, AWSPENDING, AWSPREVIOUS) and the other secrets it names, held in memory,
 * to drive a {@link CredentialChanger} against a real database without Secrets Manager: {@link #context(Step)}
 * gives each step a {@link TestRotationContext} of the values held then, which tests change between steps. The
 * end-to-end tests go through the handler and the local Secrets Manager instead.
 */
public final class ScriptedRotation {
    /** The rotated secret's ARN. */
    public static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rotor-test-AbCdEf";
    /** The characters the engines exclude by default, the union of PostgreSQL's and MySQL's. */
    private static final PasswordPolicy INITIAL_PASSWORDS = PasswordPolicy.DEFAULT.withDefaultExcludeCharacters(
            ":/@\"'\\");

    /** The other secrets, by the id the changer asks for (a {@code masterarn}). */
    public final Map<String, Secret> others = new HashMap<>();
    public Secret current;
    public Secret pending;
    public Secret previous;
    /** The rotation's ClientRequestToken; a new one after each {@link #finish}. */
    public String token = UUID.randomUUID().toString();
    /** Each step's time budget. */
    public Duration budget = TestRotationContext.DEFAULT_BUDGET;

    public ScriptedRotation(Secret current) {
        this.current = current;
    }

    public ScriptedRotation(String currentJson) {
        this(Secret.parse(currentJson, "AWSCURRENT of " + ARN));
    }

    /** Adds another secret the changer may read. */
    public ScriptedRotation withOther(String secretId, String json) {
        others.put(secretId, Secret.parse(json, "AWSCURRENT of " + secretId));
        return this;
    }

    /** A random password of 24 characters that no engine excludes by default, for a test's initial users. */
    public static SecretValue randomPassword() {
        return TestRotationContext.builder(Step.CREATE_SECRET).build().passwords()
                .generate(new PasswordPolicy(24, INITIAL_PASSWORDS.excludeCharacters(), false, false, false, false,
                        false, true));
    }

    /** A context of the values held now, for the step. */
    public TestRotationContext context(Step step) {
        TestRotationContext.Builder builder = TestRotationContext.builder(step).secretArn(ARN).token(token)
                .current(current).pending(pending).previous(previous).budget(budget);
        others.forEach(builder::otherSecret);
        return builder.build();
    }

    /** createSecret: stores the changer's value unless the pending version already has one. */
    public void create(CredentialChanger changer) {
        if (pending == null) {
            pending = changer.createPending(context(Step.CREATE_SECRET));
        }
    }

    /** finishSecret: the labels move, then the changer's hook runs (with the old current and the new value). */
    public void finish(CredentialChanger changer) {
        TestRotationContext hook = context(Step.FINISH_SECRET);
        finish();
        changer.afterFinish(hook);
    }

    /** finishSecret's label moves alone: pending becomes current, current previous, and a new token. */
    public void finish() {
        if (pending == null) {
            throw new IllegalStateException("finishSecret without a pending value");
        }
        previous = current;
        current = pending;
        pending = null;
        token = UUID.randomUUID().toString();
    }

    /** A whole rotation, with every step run twice, as a retried rotation would (re-runs must be harmless). */
    public void rotateWithReruns(CredentialChanger changer) {
        create(changer);
        create(changer);
        changer.apply(context(Step.SET_SECRET));
        changer.apply(context(Step.SET_SECRET));
        changer.verify(context(Step.TEST_SECRET));
        changer.verify(context(Step.TEST_SECRET));
        finish(changer);
    }
}
