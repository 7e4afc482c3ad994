package com.example.rotation.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.RotorConfig;
import dev.rotor.Step;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.LocalSecretsManagerExtension;
import dev.rotor.testing.RotationRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rotations of an API-key secret through the test kit: the real AWS SDK client talks HTTP to the local Secrets
 * Manager, whose simulator drives {@link ApiKeyRotationHandler} step by step, and the handler talks HTTP to a real
 * (tiny) {@link KeyService}.
 */
@ExtendWith(LocalSecretsManagerExtension.class)
class ApiKeyRotationTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:api-key-rotation";

    private KeyService service;
    private KeyService.Key initial;

    @BeforeEach
    void startService() {
        service = KeyService.start();
        initial = service.issueBootstrapKey();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void aRotationIssuesANewKeyMakesItCurrentAndRevokesTheOldOne(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);

        String token = rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(run.steps()).containsExactly(Step.CREATE_SECRET, Step.SET_SECRET, Step.TEST_SECRET,
                Step.FINISH_SECRET);
        assertThat(run.tokenIsCurrent()).isTrue();
        Secret current = current(local, arn);
        assertThat(current.requireString("keyId")).isNotEqualTo(initial.id());
        assertThat(current.requireString("owner")).isEqualTo("team-a"); // keys the changer does not know survive
        assertThat(service.isValid(current.requireSecret("apiKey").reveal())).isTrue();
        assertThat(service.isValid(initial.secret())).isFalse();
        assertThat(service.activeKeys()).extracting(KeyService.Key::id)
                .containsExactly(current.requireString("keyId"));
        Secret previous = Secret.parse(local.engine().secretString(arn, "AWSPREVIOUS").orElseThrow());
        assertThat(previous.requireString("keyId")).isEqualTo(initial.id());
        assertThat(local.engine().versionStages(arn).get(token)).containsExactly("AWSCURRENT");
    }

    @Test
    void theOldKeyWorksUntilAwsCurrentMovedAndIsRevokedOnlyAfterwards(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        List<String> oldKeyAfter = new CopyOnWriteArrayList<>();
        for (Step step : List.of(Step.CREATE_SECRET, Step.SET_SECRET, Step.TEST_SECRET)) {
            local.faults().onStep(step).runAfter(secret -> oldKeyAfter.add(step.wireName() + "="
                    + service.isValid(initial.secret())));
        }
        List<Map<String, List<String>>> labelsAtRevoke = new CopyOnWriteArrayList<>();
        service.onRevoke(id -> labelsAtRevoke.add(local.engine().versionStages(arn)));

        String token = rotate(local, arn);

        assertThat(oldKeyAfter).containsExactly("createSecret=true", "setSecret=true", "testSecret=true");
        assertThat(labelsAtRevoke).hasSize(1);
        assertThat(labelsAtRevoke.get(0).get(token)).contains("AWSCURRENT");
        assertThat(service.isValid(initial.secret())).isFalse();
    }

    @Test
    void aRetryAfterCreateSecretStoredTheKeyDoesNotIssueASecondOne(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        local.faults().onStep(Step.CREATE_SECRET).failAfter(); // the key was issued and stored, then the step failed

        rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(run.steps()).startsWith(Step.CREATE_SECRET, Step.CREATE_SECRET);
        assertThat(service.issueRequests()).isEqualTo(1);
        assertThat(service.keys()).hasSize(2); // the bootstrap key and exactly one rotated key
        assertThat(service.activeKeys()).extracting(KeyService.Key::id)
                .containsExactly(current(local, arn).requireString("keyId"));
    }

    @Test
    void aRetryAfterTheKeyWasIssuedButNotStoredGetsTheSameKeyBack(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        // The service issued the key, then storing it failed: the retry must not leave an orphan key behind.
        local.faults().onCall("PutSecretValue").fail("DecryptionFailure");

        rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(service.issueRequests()).isEqualTo(2); // asked twice, with the same idempotency key
        assertThat(service.keys()).hasSize(2);
        assertThat(service.activeKeys()).extracting(KeyService.Key::id)
                .containsExactly(current(local, arn).requireString("keyId"));
    }

    @Test
    void aFinishSecretRetryAfterTheRevocationToleratesTheAlreadyRevokedKey(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        // finishSecret: call 1 moves AWSCURRENT, then the old key is revoked, then call 2 (removing AWSPENDING) fails.
        local.faults().onCall("UpdateSecretVersionStage").nth(2).fail("DecryptionFailure");

        String token = rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(local.engine().versionStages(arn).get(token)).containsExactly("AWSCURRENT");
        assertThat(service.isValid(initial.secret())).isFalse();
        assertThat(service.activeKeys()).hasSize(1);
    }

    @Test
    void aPendingKeyTheServiceRefusesFailsTestSecretAndKeepsTheOldKeyCurrent(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        local.simulator().maxAttempts(2);
        local.faults().onStep(Step.SET_SECRET).runAfter(secret -> service.revokeDirectly(pendingKeyId(local,
                secret)));

        rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.FAILED);
        assertThat(run.invocations()).filteredOn(i -> !i.succeeded()).extracting(RotationRun.Invocation::step)
                .containsOnly(Step.TEST_SECRET);
        assertThat(run.invocations()).filteredOn(i -> !i.succeeded()).first()
                .satisfies(i -> assertThat(i.error()).contains("CREDENTIAL_TEST_FAILED", "refused the pending key"));
        assertThat(current(local, arn).requireString("keyId")).isEqualTo(initial.id());
        assertThat(service.isValid(initial.secret())).isTrue();
    }

    @Test
    void aTestOnlyRotationChecksTheCurrentKeyAndChangesNothing(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        Map<String, List<String>> before = local.engine().versionStages(arn);

        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.testOnly()).isTrue();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.steps()).containsExactly(Step.TEST_SECRET);
        assertThat(local.engine().versionStages(arn)).isEqualTo(before);
        assertThat(service.issueRequests()).isZero();
        assertThat(service.isValid(initial.secret())).isTrue();
    }

    @Test
    void aPlaintextServiceUrlOffLoopbackIsRefusedBeforeAnyRequest(LocalSecretsManager local) {
        local.register(FUNCTION, handler(local));
        local.simulator().maxAttempts(1);
        String arn = local.createSecret("service/api-key", "{\"serviceUrl\":\"http://keys.example.com\","
                + "\"keyId\":\"" + initial.id() + "\",\"apiKey\":\"" + initial.secret() + "\"}");

        rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.FAILED);
        assertThat(run.invocations().get(0).error()).contains("MALFORMED_SECRET", "must use https");
        assertThat(service.issueRequests()).isZero();
    }

    @Test
    void aSecretWithoutAKeyIdIsRefusedBeforeAnyKeyIsIssued(LocalSecretsManager local) {
        local.register(FUNCTION, handler(local));
        local.simulator().maxAttempts(1);
        String arn = local.createSecret("service/api-key", "{\"serviceUrl\":\"" + service.url() + "\",\"apiKey\":\""
                + initial.secret() + "\"}");

        rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.FAILED);
        assertThat(run.invocations().get(0).error()).contains("MALFORMED_SECRET", "'keyId' is missing");
        assertThat(service.issueRequests()).isZero();
    }

    @Test
    void noKeyReachesTheLogsTheTimelineOrAnErrorMessage(LocalSecretsManager local) {
        String arn = createRotatedSecret(local);
        local.faults().onStep(Step.CREATE_SECRET).failAfter();
        local.faults().onStep(Step.SET_SECRET).runAfter(secret -> service.revokeDirectly(pendingKeyId(local,
                secret)));
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture); // slf4j-simple writes to System.err, looked up on every line
        System.setOut(capture);
        try {
            rotate(local, arn);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }

        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("started", "CREDENTIAL_TEST_FAILED");
        String errors = String.join("\n", local.simulator().lastRun().orElseThrow().invocations().stream()
                .map(RotationRun.Invocation::error).toList());
        String timeline = local.timeline().render();
        for (String key : service.allSecrets()) {
            assertThat(logs).doesNotContain(key);
            assertThat(errors).doesNotContain(key);
            assertThat(timeline).doesNotContain(key);
        }
    }

    private String createRotatedSecret(LocalSecretsManager local) {
        local.register(FUNCTION, handler(local));
        return local.createSecret("service/api-key", "{\"serviceUrl\":\"" + service.url() + "\",\"keyId\":\""
                + initial.id() + "\",\"apiKey\":\"" + initial.secret() + "\",\"owner\":\"team-a\"}");
    }

    private static ApiKeyRotationHandler handler(LocalSecretsManager local) {
        return new ApiKeyRotationHandler(local.client(), RotorConfig.fromEnvironment(Map.of()));
    }

    private static String rotate(LocalSecretsManager local, String arn) {
        return local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION)).versionId();
    }

    private static Secret current(LocalSecretsManager local, String arn) {
        return Secret.parse(local.engine().secretString(arn, "AWSCURRENT").orElseThrow());
    }

    private static String pendingKeyId(LocalSecretsManager local, String arn) {
        return Secret.parse(local.engine().secretString(arn, "AWSPENDING").orElseThrow()).requireString("keyId");
    }
}
