package dev.rotor.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.Step;
import dev.rotor.secrets.Secret;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs a rotation function through the fault matrix and checks the invariants a correct function keeps. For
 * changer authors: give it a way to build the function around a Secrets Manager client, a way to log in with a
 * credential, and the scheme's strategy.
 *
 * <pre>{@code
 * ConformanceCheck.of(client -> new MyHandler(client), secret -> db.canLogIn(secret), Strategy.SINGLE_USER)
 *         .secret("{\"username\":\"app\",\"password\":\"initial-password\"}")
 *         .run()
 *         .assertPassed();
 * }</pre>
 *
 * <h2>The matrix</h2>
 * On one local service and one secret, in order: a plain rotation; each step failed before the function ran;
 * each step failed after its side effect; each Secrets Manager call of each step failed (a non-retryable
 * {@code DecryptionFailure}) and, separately, run but answered with that failure (a lost response); each step
 * invoked twice; a test-only rotation ({@code RotateImmediately=false}); three rotations in a row; a new AWSCURRENT
 * written by someone else after createSecret (the rotation is abandoned), followed by a rotation; a storm of
 * throttling on every operation. Each fault fires on the first attempt only; the simulator retries the rotation up
 * to 3 times, so a correct function always ends the scenario rotated.
 *
 * <h2>The invariants</h2>
 * <ul>
 *   <li><b>AWSCURRENT logs in</b>, checked before every Secrets Manager call and after every step: always with
 *       {@link Strategy#ALTERNATING_USERS} and {@link Strategy#DUAL_PASSWORD}; with {@link Strategy#SINGLE_USER}
 *       failures are allowed only from the start of setSecret until AWSCURRENT moves to the pending version, and
 *       never once the rotation ended or was abandoned.</li>
 *   <li><b>AWSCURRENT moves only in finishSecret</b> (or by the injected outside write).</li>
 *   <li><b>legal end state</b>: AWSPENDING on no version or on the AWSCURRENT one; a completed rotation leaves the
 *       token AWSCURRENT and the replaced version AWSPREVIOUS; a test-only rotation changes no label.</li>
 *   <li><b>rotation completes</b>: each scenario's rotation succeeds within the retries (the abandoned one
 *       excepted), and RotateSecret is never refused because a previous rotation was left incomplete.</li>
 *   <li><b>AWSPREVIOUS logs in</b> right after a rotation, for {@link Strategy#ALTERNATING_USERS} and
 *       {@link Strategy#DUAL_PASSWORD}.</li>
 *   <li><b>no secret material in logs</b>: while the check runs, {@code System.out} and {@code System.err} are
 *       captured (slf4j-simple writes there; a logging backend that writes elsewhere is not captured) and must not
 *       contain any secret value, password or RotationToken the service stored or generated.</li>
 * </ul>
 * Scenarios run sequentially on one secret, so a function that breaks the target makes later scenarios fail too;
 * read the first violation first. Not thread-safe: it replaces {@code System.out} and {@code System.err} while it
 * runs.
 */
public final class ConformanceCheck {
    /** The function ARN the check registers the function under. */
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:conformance";

    private static final int THROTTLE_STORM = 5;

    /** What the rotation scheme promises about logins during a rotation. */
    public enum Strategy {
        /** One user whose password changes in setSecret: logins with AWSCURRENT may fail until finishSecret. */
        SINGLE_USER,
        /** Two users used in turn: AWSCURRENT always logs in, and so does AWSPREVIOUS right after a rotation. */
        ALTERNATING_USERS,
        /** One user with two valid passwords during the change (MySQL's RETAIN CURRENT PASSWORD): no window. */
        DUAL_PASSWORD
    }

    private final Function<SecretsManagerClient, ? extends RequestStreamHandler> function;
    private final Predicate<Secret> logsIn;
    private final Strategy strategy;
    private Function<LocalSecretsManager, String> initialSecret;
    private boolean captureLogs = true;
    private boolean echoLogs = true;

    private ConformanceCheck(Function<SecretsManagerClient, ? extends RequestStreamHandler> function,
            Predicate<Secret> logsIn, Strategy strategy) {
        this.function = Objects.requireNonNull(function, "function");
        this.logsIn = Objects.requireNonNull(logsIn, "logsIn");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * A check of the function built by {@code function} around the local service's client.
     *
     * @param credentialLogsIn whether a secret value's credentials log in to the target (an exception counts as
     *     no)
     */
    public static ConformanceCheck of(Function<SecretsManagerClient, ? extends RequestStreamHandler> function,
            Predicate<Secret> credentialLogsIn, Strategy strategy) {
        return new ConformanceCheck(function, credentialLogsIn, strategy);
    }

    /** The initial value of the rotated secret; its credentials must log in. */
    public ConformanceCheck secret(String secretString) {
        Objects.requireNonNull(secretString, "secretString");
        this.initialSecret = local -> secretString;
        return this;
    }

    /**
     * Prepares the service (for example a superuser secret for alternating users) and returns the initial value
     * of the rotated secret.
     */
    public ConformanceCheck secret(Function<LocalSecretsManager, String> setUp) {
        this.initialSecret = Objects.requireNonNull(setUp, "setUp");
        return this;
    }

    /** Whether to capture {@code System.out}/{@code System.err} for the log invariant (true by default). */
    public ConformanceCheck captureLogs(boolean capture) {
        this.captureLogs = capture;
        return this;
    }

    /**
     * Whether captured output still reaches the console (true by default). Turn it off to keep a leaking function's
     * output out of the build log.
     */
    public ConformanceCheck echoLogs(boolean echo) {
        this.echoLogs = echo;
        return this;
    }

    /** Runs the matrix on a fresh local service. */
    public ConformanceReport run() {
        if (initialSecret == null) {
            throw new IllegalStateException("Give the initial secret with secret(...)");
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        if (captureLogs) {
            System.setOut(new PrintStream(new Tee(echoLogs ? out : null, captured), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(echoLogs ? err : null, captured), true, StandardCharsets.UTF_8));
        }
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            Run run = new Run(local);
            try {
                run.all();
            } finally {
                System.out.flush();
                System.err.flush();
            }
            if (captureLogs) {
                run.checkLogs(captured.toString(StandardCharsets.UTF_8));
            }
            return new ConformanceReport(run.scenarios, run.violations);
        } finally {
            if (captureLogs) {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    /** One run of the matrix: the service, the secret, and what was observed. */
    private final class Run {
        private final LocalSecretsManager local;
        private final InMemorySecretsManager engine;
        private final List<String> scenarios = new ArrayList<>();
        private final List<ConformanceReport.Violation> violations = new ArrayList<>();
        private final Map<String, Integer> seen = new LinkedHashMap<>();
        private String arn;
        private volatile String scenario = "setup";
        private volatile boolean setStarted;
        private volatile String lastCurrent;

        Run(LocalSecretsManager local) {
            this.local = local;
            this.engine = local.engine();
        }

        void all() {
            String value = initialSecret.apply(local);
            arn = local.createSecret("conformance/rotated", value);
            local.register(FUNCTION_ARN, function.apply(local.client()));
            local.simulator().maxAttempts(3);
            lastCurrent = currentVersion();
            if (!loginWorks(Secret.parse(value))) {
                violation("initial secret logs in", "the initial secret's credentials do not log in; nothing else"
                        + " was checked");
                return;
            }
            scenario("plain rotation", () -> { });
            Map<Step, Integer> calls = callsPerStep();
            for (Step step : Step.values()) {
                scenario(step + " fails before the function runs", () -> local.faults().onStep(step).failBefore());
                scenario(step + " fails after its side effect", () -> local.faults().onStep(step).failAfter());
                for (int k = 1; k <= calls.getOrDefault(step, 0); k++) {
                    int nth = k;
                    scenario(step + ": Secrets Manager call " + k + " fails", () -> local.faults().onCall(Faults.ANY)
                            .duringStep(step).nth(nth).fail(SecretsManagerError.decryptionFailure("Injected")));
                    scenario(step + ": Secrets Manager call " + k + " runs but its response is lost", () ->
                            local.faults().onCall(Faults.ANY).duringStep(step).nth(nth)
                                    .failAfterCall(SecretsManagerError.decryptionFailure("Injected")));
                }
                scenario(step + " invoked twice", () -> local.faults().onStep(step).invokeTwice());
            }
            testOnly();
            for (int i = 1; i <= 3; i++) {
                scenario("rotation " + i + " of 3 in a row", () -> { });
            }
            manualWrite();
            scenario("a storm of throttling", () -> local.faults().onStep(Step.CREATE_SECRET).runBefore(secret ->
                    local.faults().onCall(Faults.ANY).times(THROTTLE_STORM).throttle()));
        }

        /** Runs one rotation with the scenario's faults, then checks its end. */
        private Optional<RotationRun> scenario(String name, Runnable faults) {
            scenario = name;
            scenarios.add(name);
            local.faults().clear();
            observe();
            faults.run();
            String before = currentVersion();
            setStarted = false;
            Optional<RotationRun> run = rotate(true);
            local.faults().clear();
            run.ifPresent(r -> checkEnd(r, before, false));
            return run;
        }

        private void testOnly() {
            scenario = "test-only rotation (RotateImmediately=false)";
            scenarios.add(scenario);
            local.faults().clear();
            observe();
            Map<String, List<String>> before = engine.versionStages(arn);
            String current = currentVersion();
            Optional<RotationRun> run = rotate(false);
            local.faults().clear();
            run.ifPresent(r -> {
                if (!r.succeeded()) {
                    violation("rotation completes", "the test-only run failed: " + errors(r));
                }
                if (!engine.versionStages(arn).equals(before)) {
                    violation("legal end state", "a test-only rotation changed the labels: " + before + " became "
                            + engine.versionStages(arn));
                }
                checkEnd(r, current, true);
            });
        }

        private void manualWrite() {
            Optional<RotationRun> run = scenario("AWSCURRENT written by someone else after createSecret", () ->
                    local.faults().onStep(Step.CREATE_SECRET).runAfter(secret -> {
                        String value = engine.secretString(secret, LocalLabels.AWSCURRENT).orElseThrow();
                        Secret copy = Secret.parse(value);
                        String written = copy.isJson() ? copy.with("rotorConformanceManualWrite", "1")
                                .toSecretString().reveal() : value;
                        local.writeCurrent(secret, written);
                        lastCurrent = currentVersion();
                    }));
            if (run.isPresent() && run.get().outcome() != RotationRun.Outcome.ABANDONED) {
                violation("abandoned on an outside write", "expected the service to abandon the rotation, but it"
                        + " ended " + run.get().outcome());
            }
            scenario("rotation after the abandoned one", () -> { });
        }

        private Optional<RotationRun> rotate(boolean immediately) {
            int runsBefore = local.simulator().runs().size();
            try {
                local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION_ARN)
                        .rotateImmediately(immediately));
            } catch (SdkException e) {
                violation("rotation completes", "RotateSecret was refused: " + e.getClass().getSimpleName()
                        + (engine.rotationInProgress(arn) ? " (a previous rotation was left incomplete)" : ""));
                return Optional.empty();
            }
            List<RotationRun> runs = local.simulator().runs();
            if (runs.size() == runsBefore) {
                violation("rotation completes", "the simulator did not run a rotation");
                return Optional.empty();
            }
            return Optional.of(runs.get(runs.size() - 1));
        }

        private void checkEnd(RotationRun run, String before, boolean testOnly) {
            Map<String, List<String>> labels = engine.versionStages(arn);
            String current = currentVersion();
            Optional<String> pending = labels.entrySet().stream()
                    .filter(e -> e.getValue().contains(LocalLabels.AWSPENDING)).map(Map.Entry::getKey).findFirst();
            if (pending.isPresent() && !pending.get().equals(current)) {
                violation("legal end state", "AWSPENDING is left on version " + pending.get() + ", which is not"
                        + " AWSCURRENT: " + labels);
            }
            if (!testOnly && run.outcome() == RotationRun.Outcome.FAILED) {
                violation("rotation completes", "the rotation failed on all " + run.attempts() + " attempts: "
                        + errors(run));
            }
            if (run.outcome() == RotationRun.Outcome.CANCELLED) {
                violation("rotation completes", "the rotation stopped because rotation was turned off or the secret"
                        + " deleted");
            }
            if (!testOnly && run.succeeded()) {
                if (!run.tokenIsCurrent()) {
                    violation("legal end state", "all steps succeeded but the token is not AWSCURRENT: " + labels);
                } else if (!labels.getOrDefault(before, List.of()).contains(LocalLabels.AWSPREVIOUS)) {
                    violation("legal end state", "the replaced version " + before + " is not AWSPREVIOUS: " + labels);
                }
                if (strategy != Strategy.SINGLE_USER) {
                    Optional<String> previous = engine.secretString(arn, LocalLabels.AWSPREVIOUS);
                    if (previous.isPresent() && !loginWorks(Secret.parse(previous.get()))) {
                        violation("AWSPREVIOUS logs in", "right after the rotation, the replaced credentials no"
                                + " longer log in (" + strategy + ")");
                    }
                }
            }
            if (testOnly && !Objects.equals(current, before)) {
                violation("legal end state", "a test-only rotation moved AWSCURRENT");
            }
            probe("after the rotation ended (" + run.outcome() + ")", false);
            lastCurrent = current;
        }

        /** The observers: probe before every call and after every step; track AWSCURRENT moves. */
        private void observe() {
            Faults faults = local.faults();
            faults.onCall(Faults.ANY).always().quietly().run(() -> probe(where("before a Secrets Manager call"),
                    true));
            faults.onStep(Step.SET_SECRET).always().quietly().runBefore(secret -> setStarted = true);
            for (Step step : Step.values()) {
                faults.onStep(step).always().quietly().runAfter(secret -> afterStep(step));
            }
        }

        private void afterStep(Step step) {
            probe("after " + step, true);
            String current = currentVersion();
            if (!Objects.equals(current, lastCurrent) && step != Step.FINISH_SECRET) {
                violation("AWSCURRENT moves only in finishSecret", "AWSCURRENT moved from " + lastCurrent + " to "
                        + current + " during " + step);
            }
            lastCurrent = current;
        }

        private String where(String what) {
            Step step = local.faults().stepInProgress();
            return what + (step == null ? " outside any step" : " during " + step);
        }

        private void probe(String moment, boolean windowMayApply) {
            Optional<String> value = engine.secretString(arn, LocalLabels.AWSCURRENT);
            if (value.isEmpty()) {
                violation("AWSCURRENT logs in", "no AWSCURRENT value " + moment);
                return;
            }
            if (loginWorks(Secret.parse(value.get()))) {
                return;
            }
            boolean window = windowMayApply && strategy == Strategy.SINGLE_USER && setStarted
                    && engine.rotationInProgress(arn);
            if (!window) {
                violation("AWSCURRENT logs in", "the AWSCURRENT credentials do not log in " + moment
                        + (strategy == Strategy.SINGLE_USER ? " (outside the single-user window)" : ""));
            }
        }

        private boolean loginWorks(Secret secret) {
            try {
                return logsIn.test(secret);
            } catch (RuntimeException e) {
                return false;
            }
        }

        private Map<Step, Integer> callsPerStep() {
            Map<Step, Integer> calls = new EnumMap<>(Step.class);
            Step inside = null;
            for (Timeline.Entry entry : local.timeline().entries()) {
                switch (entry.kind()) {
                    case STEP_INVOKED -> {
                        inside = Step.parse(entry.name());
                        calls.put(inside, 0);
                    }
                    case API_CALL -> {
                        if (inside != null) {
                            calls.merge(inside, 1, Integer::sum);
                        }
                    }
                    case STEP_SUCCEEDED, STEP_FAILED -> inside = null;
                    default -> {
                    }
                }
            }
            return calls;
        }

        private String currentVersion() {
            return engine.versionStages(arn).entrySet().stream()
                    .filter(e -> e.getValue().contains(LocalLabels.AWSCURRENT)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        private String errors(RotationRun run) {
            return String.join("; ", run.invocations().stream().filter(i -> !i.succeeded())
                    .map(i -> i.step() + " (attempt " + i.attempt() + "): " + i.error()).distinct().toList());
        }

        void checkLogs(String logs) {
            String[] lines = logs.split("\n", -1);
            List<Integer> leaking = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (engine.containsSecretMaterial(lines[i])) {
                    leaking.add(i + 1);
                }
            }
            if (!leaking.isEmpty()) {
                scenario = "whole run";
                violation("no secret material in logs", leaking.size() + " captured log line(s) contain a secret"
                        + " value, password or RotationToken, for example: "
                        + engine.scrub(lines[leaking.get(0) - 1]).strip());
            }
        }

        private synchronized void violation(String invariant, String detail) {
            String key = scenario + "|" + invariant;
            int count = seen.merge(key, 1, Integer::sum);
            if (count == 1) {
                violations.add(new ConformanceReport.Violation(scenario, invariant, engine.scrub(detail)));
            }
        }
    }

    /** Writes to the capture and, when given, to the original stream. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) {
            synchronized (second) {
                second.write(b);
            }
            if (first != null) {
                try {
                    first.write(b);
                } catch (java.io.IOException e) {
                    // the console is gone; the capture still works
                }
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (second) {
                second.write(bytes, offset, length);
            }
            if (first != null) {
                try {
                    first.write(bytes, offset, length);
                } catch (java.io.IOException e) {
                    // the console is gone; the capture still works
                }
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            if (first != null) {
                first.flush();
            }
        }
    }
}
