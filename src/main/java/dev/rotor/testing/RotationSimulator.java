package dev.rotor.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Drives registered rotation functions the way Secrets Manager does. {@code RotateSecret} on the local service
 * creates the value-less AWSPENDING placeholder and then, <b>synchronously</b> (RotateSecret answers after the
 * rotation ended, unlike the real, asynchronous service), invokes the function registered under the
 * {@code RotationLambdaARN}: createSecret, setSecret, testSecret, finishSecret, each with the raw Lambda event
 * JSON ({@code Step}, {@code SecretId} = the secret's ARN, {@code ClientRequestToken}, and a fresh
 * {@code RotationToken} per invocation) and a {@link LocalLambdaContext} counting down from
 * {@link #functionTimeout()}.
 *
 * <p>When a step fails, the whole rotation is retried from createSecret with the same token, up to
 * {@link #maxAttempts()} attempts in all (the real count is undocumented); the AWSPENDING version stays in place
 * after the last failure, as the service leaves it. A write of a new AWSCURRENT during the rotation abandons it:
 * no further step is invoked. A test-only run ({@code RotateImmediately=false}) invokes testSecret only, once,
 * against a temporary AWSPENDING version that holds no value by default (see
 * {@link InMemorySecretsManager#testRotationValue}), and removes that version afterwards. A function that returns
 * after its timeout counts as failed (it is not interrupted). Every invocation and the labels after it are
 * recorded in the {@link Timeline}.
 */
public final class RotationSimulator implements RotationDriver {
    private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
    private final List<RotationRun> runs = new CopyOnWriteArrayList<>();
    private final InMemorySecretsManager engine;
    private final Faults faults;
    private volatile int maxAttempts = 3;
    private volatile Duration functionTimeout = Duration.ofSeconds(30);

    RotationSimulator(InMemorySecretsManager engine, Faults faults) {
        this.engine = engine;
        this.faults = faults;
    }

    /**
     * Registers a function under a Lambda ARN: any {@link RequestStreamHandler}, such as a
     * {@link dev.rotor.RotationHandler}, is given the raw event JSON as Lambda would give it.
     */
    public RotationSimulator register(String functionArn, RequestStreamHandler function) {
        functions.put(Objects.requireNonNull(functionArn, "functionArn"), Objects.requireNonNull(function,
                "function"));
        return this;
    }

    /** Forgets a function. */
    public void unregister(String functionArn) {
        functions.remove(functionArn);
    }

    /** How many times a failed rotation is attempted in all (3 by default). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Sets how many times a failed rotation is attempted in all, at least 1. */
    public RotationSimulator maxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = attempts;
        return this;
    }

    /** The Lambda timeout the context reports and the simulator enforces (30 s by default). */
    public Duration functionTimeout() {
        return functionTimeout;
    }

    /** Sets the Lambda timeout. */
    public RotationSimulator functionTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("functionTimeout must be positive");
        }
        this.functionTimeout = timeout;
        return this;
    }

    /** Every rotation driven so far, in order. */
    public List<RotationRun> runs() {
        return List.copyOf(runs);
    }

    /** The last rotation driven. */
    public Optional<RotationRun> lastRun() {
        List<RotationRun> all = runs();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Forgets the recorded runs. */
    public void clearRuns() {
        runs.clear();
    }

    /**
     * Invokes one step of a registered function outside any rotation, as a person would from the console.
     *
     * @return whether it returned normally
     */
    public boolean invokeStep(String functionArn, Step step, String secretId, String token) {
        RequestStreamHandler function = function(functionArn);
        String arn = engine.arn(secretId);
        return invokeOnce(function, functionArn, step, arn, token, 0, false).isEmpty();
    }

    @Override
    public void checkFunction(String functionArn) {
        if (!functions.containsKey(functionArn)) {
            throw SecretsManagerError.invalidRequest("Secrets Manager cannot invoke the specified Lambda function:"
                    + " no function is registered under " + functionArn + " (RotationSimulator.register)");
        }
    }

    @Override
    public void rotate(String secretArn, String functionArn, String token, boolean testOnly) {
        RequestStreamHandler function = function(functionArn);
        Timeline timeline = engine.timeline();
        timeline.record(Timeline.Kind.ROTATION_STARTED, testOnly ? "testOnly" : "rotation", secretArn,
                Map.of("token", token, "function", functionArn), engine.labelsOf(secretArn));
        List<Step> steps = testOnly ? List.of(Step.TEST_SECRET) : List.of(Step.values());
        List<RotationRun.Invocation> invocations = new ArrayList<>();
        RotationRun.Outcome outcome = RotationRun.Outcome.FAILED;
        int attempt = 0;
        attempts:
        while (attempt < (testOnly ? 1 : maxAttempts)) {
            attempt++;
            boolean ok = true;
            for (Step step : steps) {
                Optional<RotationRun.Outcome> stop = stopped(secretArn, token);
                if (stop.isPresent()) {
                    outcome = stop.get();
                    break attempts;
                }
                ok = invoke(function, functionArn, step, secretArn, token, attempt, invocations);
                timeline.record(Timeline.Kind.LABELS, step.wireName(), secretArn, Map.of("attempt",
                        Integer.toString(attempt)), engine.labelsOf(secretArn));
                if (!ok) {
                    break;
                }
            }
            if (ok) {
                outcome = RotationRun.Outcome.SUCCEEDED;
                break;
            }
        }
        if (outcome == RotationRun.Outcome.FAILED) {
            outcome = stopped(secretArn, token).orElse(outcome);
        }
        if (testOnly) {
            engine.endTestRotation(secretArn, token);
        } else if (outcome == RotationRun.Outcome.SUCCEEDED) {
            engine.rotationEnded(secretArn, token);
        }
        Map<String, List<String>> labels = engine.labelsOf(secretArn);
        timeline.record(Timeline.Kind.ROTATION_ENDED, testOnly ? "testOnly" : "rotation", secretArn,
                Map.of("token", token, "outcome", outcome.name(), "attempts", Integer.toString(attempt)), labels);
        runs.add(new RotationRun(secretArn, token, testOnly, outcome, attempt, invocations, labels));
    }

    private Optional<RotationRun.Outcome> stopped(String secretArn, String token) {
        if (engine.wasAbandoned(secretArn, token)) {
            return Optional.of(RotationRun.Outcome.ABANDONED);
        }
        if (!engine.rotationEnabled(secretArn, token)) {
            return Optional.of(RotationRun.Outcome.CANCELLED);
        }
        return Optional.empty();
    }

    private boolean invoke(RequestStreamHandler function, String functionArn, Step step, String secretArn,
            String token, int attempt, List<RotationRun.Invocation> invocations) {
        Faults.StepPlan plan = faults.planStep(step);
        for (var action : plan.before) {
            action.accept(secretArn);
        }
        if (!plan.describe().isEmpty()) {
            engine.timeline().record(Timeline.Kind.FAULT_INJECTED, step.wireName(), secretArn,
                    Map.of("fault", plan.describe(), "attempt", Integer.toString(attempt)));
        }
        List<RotationRun.Invocation> mine = new ArrayList<>();
        Optional<String> error;
        if (plan.failBefore) {
            error = Optional.of("injected: failed before the function ran");
            engine.timeline().record(Timeline.Kind.STEP_FAILED, step.wireName(), secretArn,
                    Map.of("attempt", Integer.toString(attempt), "error", error.get()));
            mine.add(new RotationRun.Invocation(step, attempt, false, false, error.get()));
        } else {
            error = invokeOnce(function, functionArn, step, secretArn, token, attempt, false);
            mine.add(new RotationRun.Invocation(step, attempt, false, error.isEmpty(), error.orElse("")));
            if (plan.invokeTwice) {
                error = invokeOnce(function, functionArn, step, secretArn, token, attempt, true);
                mine.add(new RotationRun.Invocation(step, attempt, true, error.isEmpty(), error.orElse("")));
            }
        }
        for (var action : plan.after) {
            action.accept(secretArn);
        }
        if (plan.failAfter && error.isEmpty()) {
            error = Optional.of("injected: failed after the step's side effect");
            engine.timeline().record(Timeline.Kind.STEP_FAILED, step.wireName(), secretArn,
                    Map.of("attempt", Integer.toString(attempt), "error", error.get()));
            RotationRun.Invocation last = mine.remove(mine.size() - 1);
            mine.add(new RotationRun.Invocation(step, attempt, last.duplicate(), false, error.get()));
        }
        invocations.addAll(mine);
        return error.isEmpty();
    }

    /** One invocation; empty on success, else what failed (never a secret value). */
    private Optional<String> invokeOnce(RequestStreamHandler function, String functionArn, Step step,
            String secretArn, String token, int attempt, boolean duplicate) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("Step", step.wireName());
        event.put("SecretId", secretArn);
        event.put("ClientRequestToken", token);
        event.put("RotationToken", engine.issueRotationToken(secretArn));
        Timeline timeline = engine.timeline();
        timeline.record(Timeline.Kind.STEP_INVOKED, step.wireName(), secretArn, Map.of("attempt",
                Integer.toString(attempt), "token", token, "duplicate", Boolean.toString(duplicate)));
        long start = System.nanoTime();
        String error = null;
        faults.stepStarted(step);
        try {
            byte[] bytes = Json.MAPPER.writeValueAsBytes(event);
            function.handleRequest(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(),
                    new LocalLambdaContext(functionArn, functionTimeout));
        } catch (RotationException e) {
            error = e.getClass().getName() + ": " + e.getMessage();
        } catch (IOException | RuntimeException | AssertionError e) {
            error = e.getClass().getName();
        } finally {
            faults.stepEnded();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (error == null && took.compareTo(functionTimeout) > 0) {
            error = "Task timed out after " + took.toMillis() + " ms";
        }
        if (error == null) {
            timeline.record(Timeline.Kind.STEP_SUCCEEDED, step.wireName(), secretArn, Map.of("attempt",
                    Integer.toString(attempt), "ms", Long.toString(took.toMillis())));
            return Optional.empty();
        }
        timeline.record(Timeline.Kind.STEP_FAILED, step.wireName(), secretArn, Map.of("attempt",
                Integer.toString(attempt), "error", error));
        return Optional.of(engine.scrub(error));
    }

    private RequestStreamHandler function(String functionArn) {
        RequestStreamHandler function = functions.get(functionArn);
        if (function == null) {
            checkFunction(functionArn);
        }
        return function;
    }
}
