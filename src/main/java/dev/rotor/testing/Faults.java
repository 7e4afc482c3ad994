package dev.rotor.testing;

import dev.rotor.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Fault injection for the local service and the rotation simulator. Each rule counts the calls (or step
 * invocations) it matches from the moment it is added, and fires on the {@code nth} one and the
 * {@code times - 1} after it. Thread-safe.
 *
 * <pre>{@code
 * faults.onCall("PutSecretValue").nth(2).fail(SecretsManagerError.internal("injected"));
 * faults.onCall(Faults.ANY).times(20).throttle();                 // a storm of throttling
 * faults.onCall("GetSecretValue").delay(Duration.ofMillis(300));
 * faults.onStep(Step.SET_SECRET).failAfter();                     // the step's side effect happened, then it crashed
 * faults.onStep(Step.CREATE_SECRET).invokeTwice();
 * faults.onStep(Step.SET_SECRET).writeCurrentAfter("{\"password\":\"manual\"}"); // abandons the rotation
 * }</pre>
 */
public final class Faults {
    /** Matches every operation in {@link #onCall(String)}. */
    public static final String ANY = "*";

    private final List<Rule> callRules = new CopyOnWriteArrayList<>();
    private final List<Rule> stepRules = new CopyOnWriteArrayList<>();
    private final Timeline timeline;
    private volatile Step stepInProgress;
    private volatile BiConsumer<String, String> writer = (arn, value) -> {
        throw new IllegalStateException("no writer");
    };

    Faults(Timeline timeline) {
        this.timeline = timeline;
    }

    /** Starts a rule for calls of an operation (such as {@code PutSecretValue}) or of {@link #ANY} operation. */
    public CallFault onCall(String operation) {
        return new CallFault(Objects.requireNonNull(operation, "operation"));
    }

    /** Starts a rule for invocations of one step by the simulator. */
    public StepFault onStep(Step step) {
        return new StepFault(Objects.requireNonNull(step, "step"));
    }

    /** Removes every rule. */
    public void clear() {
        callRules.clear();
        stepRules.clear();
    }

    /** Whether any rule is still waiting to fire (a rule that has fired {@code times} times is spent). */
    public boolean pending() {
        return callRules.stream().anyMatch(r -> !r.spent()) || stepRules.stream().anyMatch(r -> !r.spent());
    }

    /**
     * Applies the call rules to one call: delays, then actions, then the first failure.
     *
     * @return the failure to answer with after running the call (a lost response), or null
     */
    SecretsManagerError beforeCall(String operation, String secretId) {
        SecretsManagerError failure = null;
        SecretsManagerError after = null;
        Step step = stepInProgress;
        for (Rule rule : callRules) {
            if (!(rule.target.equals(ANY) || rule.target.equals(operation))
                    || (rule.duringStep != null && rule.duringStep != step) || !rule.fires()) {
                continue;
            }
            if (!rule.quiet) {
                timeline.record(Timeline.Kind.FAULT_INJECTED, operation, secretId, Map.of("fault", rule.describe()));
            }
            if (rule.delay != null) {
                sleep(rule.delay);
            }
            if (rule.action != null) {
                rule.action.run();
            }
            if (rule.error != null && failure == null) {
                failure = rule.error;
            }
            if (rule.errorAfter != null && after == null) {
                after = rule.errorAfter;
            }
        }
        if (failure != null) {
            throw copy(failure);
        }
        return after == null ? null : copy(after);
    }

    private static SecretsManagerError copy(SecretsManagerError error) {
        return new SecretsManagerError(error.type(), error.status(), error.getMessage());
    }

    /** The step rules that fire for this invocation of the step. */
    StepPlan planStep(Step step) {
        StepPlan plan = new StepPlan();
        for (Rule rule : stepRules) {
            if (rule.target.equals(step.wireName()) && rule.fires()) {
                plan.rules.add(rule);
                switch (rule.stepFault) {
                    case FAIL_BEFORE -> plan.failBefore = true;
                    case FAIL_AFTER -> plan.failAfter = true;
                    case INVOKE_TWICE -> plan.invokeTwice = true;
                    case AFTER -> plan.after.add(rule.afterStep);
                    case BEFORE -> plan.before.add(rule.afterStep);
                    default -> throw new IllegalStateException(rule.stepFault.name());
                }
            }
        }
        return plan;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the step rules ask of one invocation. */
    static final class StepPlan {
        final List<Rule> rules = new ArrayList<>();
        final List<Consumer<String>> before = new ArrayList<>();
        final List<Consumer<String>> after = new ArrayList<>();
        boolean failBefore;
        boolean failAfter;
        boolean invokeTwice;

        String describe() {
            return String.join(", ", rules.stream().filter(r -> !r.quiet).map(Rule::describe).toList());
        }
    }

    enum StepFaultKind { FAIL_BEFORE, FAIL_AFTER, INVOKE_TWICE, BEFORE, AFTER }

    /** One rule: which calls it matches, when it fires and what it does. */
    static final class Rule {
        final String target;
        final int nth;
        final int times;
        final AtomicInteger seen = new AtomicInteger();
        SecretsManagerError error;
        SecretsManagerError errorAfter;
        Step duringStep;
        boolean quiet;
        Duration delay;
        Runnable action;
        StepFaultKind stepFault;
        Consumer<String> afterStep;
        String what;

        Rule(String target, int nth, int times) {
            this.target = target;
            this.nth = nth;
            this.times = times;
        }

        boolean fires() {
            int count = seen.incrementAndGet();
            return count >= nth && count - nth < times;
        }

        boolean spent() {
            return seen.get() - nth + 1 >= times;
        }

        String describe() {
            return what + " on " + target + " #" + nth + (times == 1 ? "" : times == Integer.MAX_VALUE ? " onwards"
                    : " x" + times);
        }
    }

    /** Common part of the rule builders: which matching call fires first and how many fire. */
    public abstract static class Builder<B extends Builder<B>> {
        final String target;
        int nth = 1;
        int times = 1;
        boolean quiet;

        Builder(String target) {
            this.target = target;
        }

        /** Fires first on the nth matching call from now (1 is the next one). */
        public B nth(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("nth counts from 1");
            }
            this.nth = n;
            return self();
        }

        /** Fires on this many consecutive matching calls (1 by default). */
        public B times(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("times must be at least 1");
            }
            this.times = count;
            return self();
        }

        /** Fires on every matching call from the nth on. */
        public B always() {
            this.times = Integer.MAX_VALUE;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Does not record the rule's firing in the timeline (for observers such as the conformance check). */
        public B quietly() {
            this.quiet = true;
            return self();
        }

        Rule rule(String what) {
            Rule rule = new Rule(target, nth, times);
            rule.what = what;
            rule.quiet = quiet;
            return rule;
        }
    }

    /** A rule for API calls. */
    public final class CallFault extends Builder<CallFault> {
        private Step duringStep;

        CallFault(String operation) {
            super(operation);
        }

        /** Counts only the calls made while the simulator runs this step (by any thread). */
        public CallFault duringStep(Step step) {
            this.duringStep = Objects.requireNonNull(step, "step");
            return this;
        }

        /**
         * Runs the call, then answers with the error instead of its response: the call's effect happened but the
         * caller saw it fail (a lost response).
         */
        public void failAfterCall(SecretsManagerError error) {
            Rule rule = rule("run, then fail with " + error.type());
            rule.errorAfter = Objects.requireNonNull(error, "error");
            add(rule);
        }

        private void add(Rule rule) {
            rule.duringStep = duringStep;
            callRules.add(rule);
        }

        /** Answers with the error instead of running the call. */
        public void fail(SecretsManagerError error) {
            Rule rule = rule("fail with " + error.type());
            rule.error = Objects.requireNonNull(error, "error");
            add(rule);
        }

        /** Answers with an error of the given wire type (HTTP 500 for InternalServiceError, else 400). */
        public void fail(String errorType) {
            fail(new SecretsManagerError(errorType, errorType.equals("InternalServiceError") ? 500 : 400,
                    "Injected " + errorType));
        }

        /** Answers {@code ThrottlingException}, which the SDK retries with back-off. */
        public void throttle() {
            fail(SecretsManagerError.throttling());
        }

        /** Delays the call, then runs it. */
        public void delay(Duration delay) {
            Rule rule = rule("delay " + delay.toMillis() + " ms");
            rule.delay = Objects.requireNonNull(delay, "delay");
            add(rule);
        }

        /** Runs an action (for example a concurrent write through the engine) before the call. */
        public void run(Runnable action) {
            Rule rule = rule("action");
            rule.action = Objects.requireNonNull(action, "action");
            add(rule);
        }
    }

    /** A rule for the simulator's step invocations. */
    public final class StepFault extends Builder<StepFault> {
        StepFault(Step step) {
            super(step.wireName());
        }

        /** Fails the invocation without calling the function (it could not start). */
        public void failBefore() {
            add(StepFaultKind.FAIL_BEFORE, "fail before", null);
        }

        /** Calls the function, then fails the invocation as if it crashed after its side effect. */
        public void failAfter() {
            add(StepFaultKind.FAIL_AFTER, "fail after side effect", null);
        }

        /** Invokes the step twice in a row with the same event (a duplicate delivery). */
        public void invokeTwice() {
            add(StepFaultKind.INVOKE_TWICE, "invoke twice", null);
        }

        /**
         * After the step, writes a new AWSCURRENT value ({@code PutSecretValue} without {@code VersionStages}),
         * which abandons the rotation in progress.
         */
        public void writeCurrentAfter(String secretString) {
            Objects.requireNonNull(secretString, "secretString");
            add(StepFaultKind.AFTER, "write a new AWSCURRENT", arn -> writer.accept(arn, secretString));
        }

        /** Before the step is invoked, runs an action given the secret's ARN. */
        public void runBefore(Consumer<String> action) {
            add(StepFaultKind.BEFORE, "action before", Objects.requireNonNull(action, "action"));
        }

        /** After the step, runs an action given the secret's ARN. */
        public void runAfter(Consumer<String> action) {
            add(StepFaultKind.AFTER, "action", Objects.requireNonNull(action, "action"));
        }

        private void add(StepFaultKind kind, String what, Consumer<String> after) {
            Rule rule = rule(what);
            rule.stepFault = kind;
            rule.afterStep = after;
            stepRules.add(rule);
        }
    }

    void writer(BiConsumer<String, String> writer) {
        this.writer = writer;
    }

    /** The simulator marks the step it is running, so that call rules can be scoped to a step. */
    void stepStarted(Step step) {
        stepInProgress = step;
    }

    Step stepInProgress() {
        return stepInProgress;
    }

    void stepEnded() {
        stepInProgress = null;
    }
}
