package dev.rotor.testing;

import static dev.rotor.Step.CREATE_SECRET;
import static dev.rotor.Step.FINISH_SECRET;
import static dev.rotor.Step.SET_SECRET;
import static dev.rotor.Step.TEST_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.Step;
import dev.rotor.internal.Json;
import dev.rotor.testsupport.SecretVersions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The rotation simulator and fault injection, driving Rotor's real handler over HTTP. */
class RotationSimulatorTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:sample";
    private static final String INITIAL = "{\"username\":\"app\",\"password\":\"initial-password-1\"}";

    @RegisterExtension
    final LocalSecretsManagerExtension extension = new LocalSecretsManagerExtension();

    private final FakeTarget target = new FakeTarget();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private LocalSecretsManager local;
    private SecretsManagerClient client;
    private String arn;

    @BeforeEach
    void setUp() {
        local = extension.get();
        client = local.client();
        target.createUser("app", "initial-password-1");
        SampleHandler handler = new SampleHandler(new SampleChanger(target), client);
        RequestStreamHandler recording = (in, out, context) -> {
            byte[] event = in.readAllBytes();
            events.add(Json.MAPPER.readTree(event));
            handler.handleRequest(new java.io.ByteArrayInputStream(event), out, context);
        };
        local.register(FUNCTION, recording);
        arn = local.createSecret("app/db", INITIAL);
    }

    private RotationRun rotate() {
        client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));
        return local.simulator().lastRun().orElseThrow();
    }

    private Map<String, List<String>> stages() {
        return new SecretVersions(client, arn).stages();
    }

    @Test
    void replaysTheDocumentedRotation() {
        String before = local.engine().versionIds(arn).get(0);

        RotationRun run = rotate();

        assertThat(run.steps()).containsExactly(CREATE_SECRET, SET_SECRET, TEST_SECRET, FINISH_SECRET);
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(events).extracting(e -> e.get("Step").textValue())
                .containsExactly("createSecret", "setSecret", "testSecret", "finishSecret");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("SecretId").textValue()).isEqualTo(arn);
            assertThat(e.get("ClientRequestToken").textValue()).isEqualTo(run.token());
            assertThat(e.get("RotationToken").textValue()).isNotBlank();
        });
        assertThat(events).extracting(e -> e.get("RotationToken").textValue()).doesNotHaveDuplicates();
        assertThat(run.finalLabels()).containsOnly(Map.entry(run.token(), List.of("AWSCURRENT")),
                Map.entry(before, List.of("AWSPREVIOUS")));
        List<Timeline.Kind> kinds = local.timeline().entries().stream().map(Timeline.Entry::kind)
                .filter(k -> k != Timeline.Kind.API_CALL && k != Timeline.Kind.API_ERROR).toList();
        List<Timeline.Kind> expected = new ArrayList<>(List.of(Timeline.Kind.ROTATION_STARTED));
        for (int i = 0; i < 4; i++) {
            expected.addAll(List.of(Timeline.Kind.STEP_INVOKED, Timeline.Kind.STEP_SUCCEEDED, Timeline.Kind.LABELS));
        }
        expected.add(Timeline.Kind.ROTATION_ENDED);
        assertThat(kinds).isEqualTo(expected);
        List<Timeline.Entry> labels = local.timeline().entries(Timeline.Kind.LABELS);
        assertThat(labels.get(0).labels().get(run.token())).containsExactly("AWSPENDING");
        assertThat(labels.get(3).labels().get(run.token())).containsExactly("AWSCURRENT");
        List<String> createCalls = callsDuring(CREATE_SECRET);
        assertThat(createCalls).containsExactly("DescribeSecret", "GetSecretValue", "GetSecretValue",
                "PutSecretValue");
    }

    /** The operations called between the invocation of the step and its end, in the first attempt. */
    private List<String> callsDuring(Step step) {
        List<String> calls = new ArrayList<>();
        boolean inside = false;
        for (Timeline.Entry entry : local.timeline().entries()) {
            if (entry.kind() == Timeline.Kind.STEP_INVOKED) {
                inside = entry.name().equals(step.wireName()) && calls.isEmpty();
            } else if (entry.kind() == Timeline.Kind.STEP_SUCCEEDED || entry.kind() == Timeline.Kind.STEP_FAILED) {
                inside = false;
            } else if (inside && entry.kind() == Timeline.Kind.API_CALL) {
                calls.add(entry.name());
            }
        }
        return calls;
    }

    @Test
    void aStepThatCrashesAfterItsSideEffectIsRetriedFromTheStart() {
        local.faults().onStep(SET_SECRET).failAfter();

        RotationRun run = rotate();

        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.SUCCEEDED);
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(run.steps()).containsExactly(CREATE_SECRET, SET_SECRET, CREATE_SECRET, SET_SECRET, TEST_SECRET,
                FINISH_SECRET);
        assertThat(run.invocations().get(1).succeeded()).isFalse();
        assertThat(run.invocations().get(1).error()).contains("after the step's side effect");
        assertThat(run.tokenIsCurrent()).isTrue();
    }

    @Test
    void aRotationThatFailsOnEveryAttemptLeavesThePendingVersion() {
        local.simulator().maxAttempts(2);
        local.faults().onStep(TEST_SECRET).always().failBefore();

        RotationRun run = rotate();

        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.FAILED);
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(run.steps()).containsExactly(CREATE_SECRET, SET_SECRET, TEST_SECRET, CREATE_SECRET, SET_SECRET,
                TEST_SECRET);
        assertThat(stages().get(run.token())).containsExactly("AWSPENDING");
        assertThatThrownBy(this::rotate).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aTestOnlyRotationInvokesTestSecretAloneAndRemovesItsVersion() {
        Map<String, List<String>> before = stages();

        client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.testOnly()).isTrue();
        assertThat(run.steps()).containsExactly(TEST_SECRET);
        assertThat(run.succeeded()).isTrue();
        assertThat(stages()).isEqualTo(before);
        assertThat(local.engine().versionIds(arn)).doesNotContain(run.token());
        assertThat(client.describeSecret(b -> b.secretId(arn)).rotationEnabled()).isTrue();
    }

    @Test
    void aTestOnlyRotationCanHoldACopyOfTheCurrentValue() {
        List<String> seen = new CopyOnWriteArrayList<>();
        local.register(FUNCTION, (in, out, context) -> {
            JsonNode event = Json.MAPPER.readTree(in);
            seen.add(client.getSecretValue(b -> b.secretId(arn).versionId(event.get("ClientRequestToken")
                    .textValue()).versionStage("AWSPENDING")).secretString());
        });
        local.engine().testRotationValue(InMemorySecretsManager.TestRotationValue.COPY_OF_CURRENT);

        client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        assertThat(seen).containsExactly(INITIAL);
        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
    }

    @Test
    void aStepCanBeInvokedTwice() {
        local.faults().onStep(CREATE_SECRET).invokeTwice();

        RotationRun run = rotate();

        assertThat(run.steps()).containsExactly(CREATE_SECRET, CREATE_SECRET, SET_SECRET, TEST_SECRET,
                FINISH_SECRET);
        assertThat(run.invocations().get(1).duplicate()).isTrue();
        assertThat(local.timeline().calls("PutSecretValue")).hasSize(1);
        assertThat(run.succeeded()).isTrue();
    }

    @Test
    void aNewCurrentValueWrittenMidRotationAbandonsIt() {
        local.faults().onStep(SET_SECRET).writeCurrentAfter("{\"username\":\"app\",\"password\":\"manual-pw-1\"}");

        RotationRun run = rotate();

        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.ABANDONED);
        assertThat(run.steps()).containsExactly(CREATE_SECRET, SET_SECRET);
        assertThat(stages().values()).noneMatch(labels -> labels.contains("AWSPENDING"));
        assertThat(client.getSecretValue(b -> b.secretId(arn)).secretString()).contains("manual-pw-1");
        assertThat(local.timeline().entries(Timeline.Kind.ROTATION_ABANDONED)).hasSize(1);
    }

    @Test
    void theNthCallOfAnOperationFailsWithTheGivenError() {
        local.faults().onCall("PutSecretValue").fail(SecretsManagerError.invalidRequest("Injected"));

        RotationRun run = rotate();

        assertThat(run.attempts()).isEqualTo(2);
        assertThat(run.invocations().get(0).error()).contains("InvalidRequestException");
        assertThat(run.succeeded()).isTrue();
        assertThat(local.timeline().entries(Timeline.Kind.FAULT_INJECTED)).hasSize(1);
    }

    @Test
    void callFaultsCanBeScopedToAStep() {
        local.faults().onCall("DescribeSecret").duringStep(TEST_SECRET).nth(1).fail("DecryptionFailure");

        RotationRun run = rotate();

        assertThat(run.steps()).containsExactly(CREATE_SECRET, SET_SECRET, TEST_SECRET, CREATE_SECRET, SET_SECRET,
                TEST_SECRET, FINISH_SECRET);
    }

    @Test
    void aLostResponseRunsTheCall() {
        local.faults().onCall("PutSecretValue").failAfterCall(SecretsManagerError.decryptionFailure("Injected"));

        RotationRun run = rotate();

        assertThat(run.attempts()).isEqualTo(2);
        assertThat(local.timeline().calls("PutSecretValue")).hasSize(1);
        assertThat(run.succeeded()).isTrue();
    }

    @Test
    void throttlingIsRetriedByTheSdkAndSurfacesWhenItPersists() {
        local.faults().onCall("DescribeSecret").times(2).throttle();

        client.describeSecret(b -> b.secretId(arn));

        assertThat(local.timeline().calls("DescribeSecret")).hasSize(3);
        local.faults().onCall("DescribeSecret").always().throttle();
        assertThatThrownBy(() -> client.describeSecret(b -> b.secretId(arn)))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void anInternalServiceErrorIsA500() {
        local.faults().onCall("GetSecretValue").always().fail("InternalServiceError");

        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn)))
                .isInstanceOfSatisfying(InternalServiceErrorException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void aCallCanBeDelayed() {
        local.faults().onCall("DescribeSecret").delay(Duration.ofMillis(50));

        client.describeSecret(b -> b.secretId(arn));

        assertThat(local.timeline().entries(Timeline.Kind.FAULT_INJECTED)).singleElement()
                .satisfies(e -> assertThat(e.details().get("fault")).startsWith("delay 50 ms"));
    }

    @Test
    void theContextCountsDownFromTheConfiguredTimeout() {
        List<Integer> remaining = new CopyOnWriteArrayList<>();
        local.register(FUNCTION, (in, out, context) -> remaining.add(context.getRemainingTimeInMillis()));
        local.simulator().functionTimeout(Duration.ofSeconds(5));

        rotate();

        assertThat(remaining).hasSize(4).allSatisfy(ms -> assertThat(ms).isBetween(1, 5_000));
    }

    @Test
    void aFunctionThatOutlivesItsTimeoutFails() {
        local.register(FUNCTION, (in, out, context) -> {
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        local.simulator().functionTimeout(Duration.ofMillis(20)).maxAttempts(1);

        RotationRun run = rotate();

        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.FAILED);
        assertThat(run.invocations().get(0).error()).startsWith("Task timed out");
    }

    @Test
    void theTimelineNeverHoldsASecretValuePasswordOrRotationToken() {
        local.faults().onStep(SET_SECRET).failAfter();
        rotate();
        rotate();

        String timeline = local.timeline().render();
        List<String> secrets = new ArrayList<>();
        for (String id : local.engine().versionIds(arn)) {
            String value = client.getSecretValue(b -> b.secretId(arn).versionId(id)).secretString();
            secrets.add(value);
            secrets.add(dev.rotor.secrets.Secret.parse(value).requireSecret("password").reveal());
        }
        events.forEach(e -> secrets.add(e.get("RotationToken").textValue()));
        assertThat(secrets).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(timeline).doesNotContain(secret);
        }
        assertThat(timeline).contains("SecretString=<masked>", "RotationToken=<masked>");
        assertThat(local.timeline().calls("GetSecretValue")).isNotEmpty();
    }

    @Test
    void concurrentWritesKeepEveryLabelOnOneVersion() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int n = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    int k = i;
                    client.putSecretValue(b -> b.secretId(arn).secretString("value-" + n + "-" + k));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        Map<String, List<String>> stages = stages();
        assertThat(local.engine().versionIds(arn)).hasSize(81);
        assertThat(stages).hasSize(2);
        assertThat(stages.values()).flatExtracting(labels -> labels).containsExactlyInAnyOrder("AWSCURRENT",
                "AWSPREVIOUS");
    }
}
