package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretsManagerClients;
import dev.rotor.testing.InMemorySecretsManager.TestRotationValue;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.RotationRun;
import dev.rotor.testing.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The handler through the real AWS SDK over HTTP, driven by RotateSecret on the local Secrets Manager, with an
 * in-memory changer as the target.
 */
class RotationHandlerHttpIT {
    static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:rotor-core-it";
    static final String OLD_PASSWORD = "old-http-Passw0rd";

    LocalSecretsManager local;
    TestChanger changer;
    String arn;

    @BeforeEach
    void setUp() {
        local = LocalSecretsManager.start();
        changer = new TestChanger(OLD_PASSWORD);
        local.register(FUNCTION, new TestHandler(changer, local.client()));
        arn = local.createSecret("app/http", "{\"username\":\"app\",\"password\":\"" + OLD_PASSWORD
                + "\",\"unknown\":{\"kept\":true}}");
    }

    @AfterEach
    void tearDown() {
        local.close();
    }

    private String rotate() {
        return local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION)).versionId();
    }

    private RotationRun lastRun() {
        return local.simulator().lastRun().orElseThrow();
    }

    private Secret current() {
        return Secret.parse(local.engine().secretString(arn, "AWSCURRENT").orElseThrow());
    }

    @Test
    void completeRotationThroughRotateSecret() {
        String token = rotate();

        RotationRun run = lastRun();
        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.SUCCEEDED);
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(run.finalLabels().get(token)).containsExactly("AWSCURRENT");
        assertThat(run.finalLabels().values()).noneMatch(labels -> labels.contains("AWSPENDING"));
        assertThat(current().requireSecret("password").reveal()).isEqualTo(changer.targetPassword)
                .isNotEqualTo(OLD_PASSWORD);
        assertThat(current().has("unknown")).isTrue();
        assertThat(changer.replacedPassword).isEqualTo(OLD_PASSWORD);
        assertThat(local.engine().rotationInProgress(arn)).isFalse();
    }

    /** The operations each step called, in order, from the local service's timeline. */
    private Map<String, List<String>> callsByStep() {
        Map<String, List<String>> calls = new LinkedHashMap<>();
        List<String> inside = null;
        for (Timeline.Entry entry : local.timeline().entries()) {
            switch (entry.kind()) {
                case STEP_INVOKED -> inside = calls.computeIfAbsent(entry.name(), step -> new ArrayList<>());
                case STEP_SUCCEEDED, STEP_FAILED -> inside = null;
                case API_CALL -> {
                    if (inside != null) {
                        inside.add(entry.name());
                    }
                }
                default -> { }
            }
        }
        return calls;
    }

    @Test
    void oneInstanceReadsEachValueOnceAndAnInstancePerStepReadsWhatEachStepNeeds() {
        rotate();
        assertThat(lastRun().succeeded()).isTrue();
        Map<String, List<String>> warm = callsByStep();
        assertThat(warm.get("createSecret")).containsExactly("DescribeSecret", "GetSecretValue", "GetSecretValue",
                "PutSecretValue");
        assertThat(warm.get("setSecret")).containsExactly("DescribeSecret");
        assertThat(warm.get("testSecret")).containsExactly("DescribeSecret");
        // the changer's afterFinish reads the value it replaced and AWSPREVIOUS: finishSecret moves labels, so its
        // hook always reads
        assertThat(warm.get("finishSecret")).containsExactly("DescribeSecret", "UpdateSecretVersionStage",
                "GetSecretValue", "GetSecretValue", "UpdateSecretVersionStage");

        // a fresh instance per step, as when each step lands on a cold Lambda container
        changer = new TestChanger(changer.targetPassword);
        TestChanger fresh = changer;
        local.register(FUNCTION, new RequestStreamHandler() {
            @Override
            public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
                new TestHandler(fresh, local.client()).handleRequest(input, output, context);
            }
        });
        local.timeline().clear();
        rotate();
        assertThat(lastRun().succeeded()).isTrue();
        assertThat(callsByStep().get("setSecret")).containsExactly("DescribeSecret", "GetSecretValue",
                "GetSecretValue");
        assertThat(callsByStep().get("testSecret")).containsExactly("DescribeSecret", "GetSecretValue");
        assertThat(current().requireSecret("password").reveal()).isEqualTo(fresh.targetPassword);
    }

    @Test
    void twoRotationsInARowEachEndInALegalState() {
        rotate();
        String first = changer.targetPassword;

        String second = rotate();

        assertThat(lastRun().succeeded()).isTrue();
        assertThat(lastRun().finalLabels().get(second)).containsExactly("AWSCURRENT");
        assertThat(changer.replacedPassword).isEqualTo(first);
        assertThat(changer.previousSeen).isPresent();
    }

    @Test
    void rotationSurvivesAStepThatCrashedAfterItsSideEffect() {
        local.simulator().maxAttempts(Step.values().length + 1); // each step's first run crashes once
        for (Step step : Step.values()) {
            local.faults().onStep(step).failAfter();
        }

        String token = rotate();

        RotationRun run = lastRun();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(Step.values().length + 1);
        assertThat(run.finalLabels().get(token)).containsExactly("AWSCURRENT");
        assertThat(current().requireSecret("password").reveal()).isEqualTo(changer.targetPassword);
    }

    @Test
    void duplicateDeliveriesOfEveryStepAreHarmless() {
        for (Step step : Step.values()) {
            local.faults().onStep(step).invokeTwice();
        }

        String token = rotate();

        assertThat(lastRun().succeeded()).isTrue();
        assertThat(lastRun().finalLabels().get(token)).containsExactly("AWSCURRENT");
        assertThat(current().requireSecret("password").reveal()).isEqualTo(changer.targetPassword);
    }

    @Test
    void throttlingIsRetriedByTheSdk() {
        local.faults().onCall("PutSecretValue").throttle();
        local.faults().onCall("UpdateSecretVersionStage").throttle();

        rotate();

        assertThat(lastRun().succeeded()).isTrue();
        assertThat(lastRun().attempts()).isEqualTo(1);
    }

    @Test
    void failedAfterFinishIsResumedOnTheRetry() {
        int[] calls = {0};
        changer.onAfterFinish = context -> {
            if (calls[0]++ == 0) {
                throw new RotationException(ErrorCode.CHANGER_FAILED, "revoke failed once");
            }
        };

        String token = rotate();

        assertThat(lastRun().succeeded()).isTrue();
        assertThat(calls[0]).isEqualTo(2);
        assertThat(lastRun().finalLabels().get(token)).containsExactly("AWSCURRENT");
    }

    @Test
    void testOnlyRotationWithoutAPendingValueChangesNothing() {
        Map<String, List<String>> before = local.engine().versionStages(arn);

        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        assertThat(lastRun().succeeded()).isTrue();
        assertThat(lastRun().steps()).containsExactly(Step.TEST_SECRET);
        assertThat(changer.calls).containsExactly("verify");
        assertThat(local.engine().versionStages(arn)).isEqualTo(before);
        assertThat(current().requireSecret("password").reveal()).isEqualTo(OLD_PASSWORD);
        assertThat(changer.targetPassword).isEqualTo(OLD_PASSWORD);
    }

    @Test
    void testOnlyRotationWithACopyOfCurrentChangesNothing() {
        local.engine().testRotationValue(TestRotationValue.COPY_OF_CURRENT);
        Map<String, List<String>> before = local.engine().versionStages(arn);

        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        assertThat(lastRun().succeeded()).isTrue();
        assertThat(changer.verifiedPassword).isEqualTo(OLD_PASSWORD);
        assertThat(local.engine().versionStages(arn)).isEqualTo(before);
    }

    @Test
    void stepForAnUnknownTokenFailsAndChangesNothing() {
        Map<String, List<String>> before = local.engine().versionStages(arn);

        boolean ok = local.simulator().invokeStep(FUNCTION, Step.FINISH_SECRET, arn, "not-a-version");

        assertThat(ok).isFalse();
        assertThat(local.engine().versionStages(arn)).isEqualTo(before);
        assertThat(changer.calls).isEmpty();
    }

    @Test
    void clientBuiltFromTheEnvironmentReachesTheEndpointAndRetriesThrottlingAnd5xx() {
        RotorConfig config = RotorConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "SECRETS_MANAGER_ENDPOINT", local.endpoint().toString()));
        String keyProperty = "aws.accessKeyId";
        String secretProperty = "aws.secretAccessKey";
        System.setProperty(keyProperty, "local");
        System.setProperty(secretProperty, "local-secret");
        try (SecretsManagerClient client = SecretsManagerClients.create(config)) {
            local.register(FUNCTION, new TestHandler(changer, client));
            local.faults().onCall("DescribeSecret").throttle();
            local.faults().onCall("PutSecretValue").fail("InternalServiceError");
            local.faults().onCall("UpdateSecretVersionStage").throttle();

            String token = rotate();

            assertThat(lastRun().succeeded()).isTrue();
            assertThat(lastRun().attempts()).isEqualTo(1);
            assertThat(local.faults().pending()).isFalse();
            assertThat(lastRun().finalLabels().get(token)).containsExactly("AWSCURRENT");
        } finally {
            System.clearProperty(keyProperty);
            System.clearProperty(secretProperty);
        }
    }
}
