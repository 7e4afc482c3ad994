package dev.rotor;

import static dev.rotor.secrets.SecretDescription.AWSCURRENT;
import static dev.rotor.secrets.SecretDescription.AWSPENDING;
import static dev.rotor.secrets.SecretDescription.AWSPREVIOUS;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SecretsManagerRotationEvent;
import dev.rotor.internal.Priming;
import dev.rotor.internal.StepContext;
import dev.rotor.internal.VersionValues;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretDescription;
import dev.rotor.secrets.SecretStore;
import dev.rotor.secrets.SecretsManagerClients;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.TimeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Secrets Manager rotation protocol, implemented once. A subclass supplies the {@link CredentialChanger} and a
 * no-argument constructor, so that a SAM {@code Handler:} can name it:
 *
 * <pre>{@code
 * public final class MyServiceHandler extends RotationHandler {
 *     public MyServiceHandler() {
 *         super(new MyServiceChanger());
 *     }
 * }
 * }</pre>
 *
 * <p>Before every step one {@code DescribeSecret} checks, in order: rotation is not disabled; the token is a
 * version of the secret; a token that is already AWSCURRENT makes the step a logged no-op (a late retry); the
 * token carries AWSPENDING. Then createSecret stores the changer's new value as the AWSPENDING version (only when
 * that version has no value yet, always with {@code VersionStages=["AWSPENDING"]} and the event's RotationToken);
 * setSecret and testSecret delegate to the changer; finishSecret moves AWSCURRENT to the token, runs the changer's
 * {@code afterFinish}, and removes AWSPENDING from the new current version: one DescribeSecret and two label
 * updates, each of which fails the step if the service refuses it. A finishSecret
 * that finds the token already AWSCURRENT but still AWSPENDING resumes from the hook: the removal of AWSPENDING is
 * the mark that finishSecret completed. A testSecret whose pending version has no value (a test-only rotation,
 * {@code RotateImmediately=false}) verifies the current value instead, and writes nothing.
 *
 * <p>A handler instance keeps the values of the versions it reads or stores for the rotation's next steps (for
 * {@code ROTOR_VALUE_REUSE_SECONDS}, until finishSecret completes): when Lambda runs the steps of a rotation in one
 * warm instance, setSecret and testSecret make no {@code GetSecretValue} call. A version's value never changes,
 * and which version carries a label is always taken from the step's own {@code DescribeSecret}.
 *
 * <p>Each step gets a {@link TimeBudget}: the Lambda context's remaining time less {@code ROTOR_TIME_RESERVE_MS}
 * ({@code ROTOR_DEFAULT_BUDGET_MS} without a context). It is checked before each changer call and handed to the
 * changer, so a slow target fails the step with {@link ErrorCode#TIME_BUDGET_EXCEEDED} before Lambda kills it.
 *
 * <p>Every failure is thrown, so that Secrets Manager sees the step fail and retries the rotation.
 */
public abstract class RotationHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RotationHandler.class);

    private final CredentialChanger changer;
    private final SecretStore store;
    private final RotorConfig config;
    private final VersionValues values;

    /** Configured from the environment, with a Secrets Manager client built once for this instance. */
    protected RotationHandler(CredentialChanger changer) {
        this(changer, RotorConfig.fromEnvironment());
    }

    /** Configured explicitly, with a Secrets Manager client built from the configuration. */
    protected RotationHandler(CredentialChanger changer, RotorConfig config) {
        this(changer, SecretsManagerClients.create(config), config);
    }

    /** With a given client, for tests and for callers that build their own. */
    protected RotationHandler(CredentialChanger changer, SecretsManagerClient client, RotorConfig config) {
        this.changer = Objects.requireNonNull(changer, "changer");
        this.store = new SecretStore(client);
        this.config = Objects.requireNonNull(config, "config");
        this.values = new VersionValues(config.valueReuse());
    }

    /**
     * Loads and initializes what the steps use (the event and secret JSON code, the SDK's marshalling of every call
     * the protocol makes) against a stand-in for Secrets Manager inside this JVM: no connection is opened, no call
     * reaches the service, no password is generated, the changer is not called. For SnapStart (CRaC), call it from
     * the {@code beforeCheckpoint} hook of an {@code org.crac.Resource} registered in the handler's constructor, so
     * that the snapshot holds warm classes and nothing that must be unique per instance. Optional; it only moves
     * work from the first step to before the snapshot.
     */
    public final void prime() {
        Priming.prime(config.passwordPolicy());
    }

    /** The Lambda entry point: reads the raw event JSON, so that no field, RotationToken included, is lost. */
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RotationEvent event;
        try {
            event = RotationEvent.read(input);
        } catch (InvalidEventException e) {
            LOG.error("Rejected invocation: {}", e.getMessage());
            throw e;
        }
        handle(event, context);
    }

    /** The typed entry point, for callers that already hold aws-lambda-java-events' event. */
    public final void handle(SecretsManagerRotationEvent event, Context context) {
        handle(RotationEvent.of(event), context);
    }

    /** Runs one step. {@code context} may be null outside Lambda; the budget is then the configured default. */
    public final void handle(RotationEvent event, Context context) {
        Objects.requireNonNull(event, "event");
        long start = System.nanoTime();
        TimeBudget budget = TimeBudget.of(budgetFor(context), "step " + event.step() + " of secret "
                + event.secretId() + ", token " + event.clientRequestToken());
        LOG.info("Step {} started: secret {}, token {}, budget {} ms", event.step(), event.secretId(),
                event.clientRequestToken(), budget.total().toMillis());
        try {
            String outcome = run(event, budget);
            LOG.info("Step {} succeeded: secret {}, token {}, {} in {} ms", event.step(), event.secretId(),
                    event.clientRequestToken(), outcome, millisSince(start));
        } catch (RuntimeException e) {
            LOG.error("Step {} failed: secret {}, token {}, after {} ms: {}", event.step(), event.secretId(),
                    event.clientRequestToken(), millisSince(start), describe(e));
            throw e;
        }
    }

    private String run(RotationEvent event, TimeBudget budget) {
        String token = event.clientRequestToken();
        SecretDescription secret = store.describe(event.secretId());
        String where = " (step " + event.step() + ", secret " + secret.arn() + ", token " + token + ")";
        LOG.debug("Labels before {}: {}", event.step(), secret.versionStages()); // version ids and labels only
        if (Boolean.FALSE.equals(secret.rotationEnabled().orElse(null))) {
            throw new RotationStateException(ErrorCode.ROTATION_DISABLED, "Rotation is not enabled" + where);
        }
        if (!secret.versionStages().containsKey(token)) {
            throw new RotationStateException(ErrorCode.TOKEN_NOT_A_VERSION, "The token is not a version of the"
                    + " secret" + where);
        }
        Set<String> stages = secret.stagesOf(token);
        if (stages.contains(AWSCURRENT)) {
            if (event.step() == Step.FINISH_SECRET && stages.contains(AWSPENDING)) {
                completeFinish(context(event, secret, budget, AWSPREVIOUS), budget);
                return "resumed: AWSPENDING removed from the current version";
            }
            LOG.warn("Step {} is a no-op: the token is already AWSCURRENT{}", event.step(), where);
            return "no-op (already AWSCURRENT)";
        }
        if (!stages.contains(AWSPENDING)) {
            throw new RotationStateException(ErrorCode.TOKEN_NOT_PENDING, "The token's version is not labelled"
                    + " AWSPENDING; labels: " + stages + where);
        }
        return switch (event.step()) {
            case CREATE_SECRET -> createSecret(context(event, secret, budget, AWSCURRENT), event);
            case SET_SECRET -> {
                budget.check("setSecret (" + changerName() + ".apply)");
                changer.apply(context(event, secret, budget, AWSCURRENT));
                yield "applied";
            }
            case TEST_SECRET -> {
                budget.check("testSecret (" + changerName() + ".verify)");
                changer.verify(new StepContext(source(event.step(), secret), secret.arn(), token, event.step(),
                        policy(), budget, AWSCURRENT, true));
                yield "verified";
            }
            case FINISH_SECRET -> finishSecret(event, secret, budget);
        };
    }

    private String createSecret(StepContext context, RotationEvent event) {
        Secret current = context.current();
        if (context.pendingHasValue()) {
            LOG.warn("createSecret is a no-op: the AWSPENDING version already has a value (secret {}, token {})",
                    context.secretArn(), context.token());
            return "no-op (pending value exists)";
        }
        context.budget().check("createSecret (" + changerName() + ".createPending)");
        Secret pending = changer.createPending(context);
        if (pending == null || pending.equals(current)) {
            throw new RotationException(ErrorCode.CHANGER_FAILED, changerName() + ".createPending returned "
                    + (pending == null ? "null" : "the current value unchanged") + " (" + context.describe() + ")");
        }
        store.putPending(context.secretArn(), context.token(), pending, event.rotationToken());
        values.stored(context.secretArn(), context.token(), AWSPENDING, pending);
        return "pending value stored";
    }

    private String finishSecret(RotationEvent event, SecretDescription secret, TimeBudget budget) {
        String previousCurrent = secret.versionWith(AWSCURRENT).orElse(null);
        store.moveStage(secret.arn(), AWSCURRENT, event.clientRequestToken(), previousCurrent);
        completeFinish(context(event, secret, budget, AWSPREVIOUS), budget);
        return "AWSCURRENT moved from " + (previousCurrent == null ? "no version" : previousCurrent);
    }

    /**
     * The rest of finishSecret once AWSCURRENT is on the token: the changer's hook, then the removal of AWSPENDING
     * (the mark that finishSecret completed, so a failed hook runs again on the retry).
     */
    private void completeFinish(StepContext context, TimeBudget budget) {
        budget.check("finishSecret (" + changerName() + ".afterFinish)");
        changer.afterFinish(context);
        // No verifying DescribeSecret: the step's DescribeSecret saw AWSPENDING on the token, the move named the
        // version it took AWSCURRENT from (the service refuses a move that does not), and a label is on at most one
        // version, so two successful label updates leave the token AWSCURRENT and no version AWSPENDING.
        String arn = context.secretArn();
        store.removeStage(arn, AWSPENDING, context.token());
        values.forget(arn);
    }

    private StepContext context(RotationEvent event, SecretDescription secret, TimeBudget budget, String current) {
        return new StepContext(source(event.step(), secret), secret.arn(), event.clientRequestToken(), event.step(),
                policy(), budget, current, false);
    }

    /**
     * Where a step's context reads values and gets passwords. The steps before finishSecret may use the values kept
     * from earlier steps; finishSecret moves labels, after which its description no longer says where they are, so
     * its hook reads them.
     */
    private StepContext.Source source(Step step, SecretDescription secret) {
        boolean localPasswords = config.passwordSource() == RotorConfig.PasswordSource.LOCAL;
        return step == Step.FINISH_SECRET ? StepContext.Source.of(store, localPasswords)
                : values.over(store, secret, localPasswords);
    }

    private String changerName() {
        return changer.getClass().getName();
    }

    private PasswordPolicy policy() {
        return config.passwordPolicy();
    }

    private Duration budgetFor(Context context) {
        if (context == null) {
            return config.defaultBudget();
        }
        return Duration.ofMillis(context.getRemainingTimeInMillis()).minus(config.timeReserve());
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static String describe(RuntimeException e) {
        // Rotor's messages are written to be safe; other exceptions' messages are not ours, so only their type.
        return e instanceof RotationException ? e.getMessage() : e.getClass().getName() + " (message withheld)";
    }
}
