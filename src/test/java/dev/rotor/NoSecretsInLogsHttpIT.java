package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.internal.Json;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testsupport.LogCapture;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * All log output of rotations through the real SDK over HTTP, with the SDK's loggers at TRACE (this class runs in
 * its own failsafe execution that sets the levels, see pom.xml), holds no password, secret JSON or RotationToken.
 */
class NoSecretsInLogsHttpIT {
    static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:rotor-logs-it";
    static final String OLD_PASSWORD = "0ld-http-P4ssw0rd-l0g-check";
    static final String CURRENT_JSON = "{\"username\":\"app\",\"password\":\"" + OLD_PASSWORD + "\"}";

    @Test
    void rotationsOverHttpLogNoSecretMaterial() {
        List<String> currentValues = new ArrayList<>();
        List<String> rotationTokens = new ArrayList<>();
        String arn;
        try (LogCapture capture = LogCapture.quiet(); LocalSecretsManager local = LocalSecretsManager.start()) {
            TestChanger changer = new TestChanger(OLD_PASSWORD);
            TestHandler handler = new TestHandler(changer, local.client());
            local.register(FUNCTION, (input, output, context) -> { // records each event's RotationToken
                byte[] event = input.readAllBytes();
                rotationTokens.add(Json.MAPPER.readTree(event).path("RotationToken").asText());
                handler.handleRequest(new ByteArrayInputStream(event), output, context);
            });
            arn = local.createSecret("app/logs", CURRENT_JSON);
            currentValues.add(CURRENT_JSON);

            // a complete rotation, one that survives crashes after each step, and a test-only one
            local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));
            currentValues.add(local.engine().secretString(arn, "AWSCURRENT").orElseThrow());
            local.simulator().maxAttempts(Step.values().length + 1); // each step's first run crashes once
            for (Step step : Step.values()) {
                local.faults().onStep(step).failAfter();
            }
            local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));
            currentValues.add(local.engine().secretString(arn, "AWSCURRENT").orElseThrow());
            local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

            // a rotation whose testSecret always fails: the pending value stays behind, the errors are logged
            changer.onVerify = context -> {
                throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "refused (" + context.describe()
                        + ", " + context.pending() + ")");
            };
            local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));
            assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isFalse();
            String pending = local.engine().secretString(arn, "AWSPENDING").orElseThrow();

            List<String> passwords = new ArrayList<>();
            for (String value : currentValues) {
                passwords.add(Secret.parse(value).requireSecret("password").reveal());
            }
            passwords.add(Secret.parse(pending).requireSecret("password").reveal());
            assertThat(passwords).doesNotHaveDuplicates().hasSize(4);

            String text = capture.text();
            assertThat(text).as("the capture sees Rotor's and the SDK's log lines")
                    .contains("Step createSecret started", "Step finishSecret succeeded", "Step testSecret failed")
                    .contains("software.amazon.awssdk")
                    .contains("secretsmanager.PutSecretValue", "secretsmanager.UpdateSecretVersionStage");
            capture.assertContainsNone("password", passwords);
            capture.assertContainsNone("secret JSON", currentValues);
            capture.assertContainsNone("secret JSON", List.of(pending, "\"password\":\"", "\\\"password\\\""));
            assertThat(rotationTokens).isNotEmpty().allSatisfy(token -> assertThat(token).hasSizeGreaterThan(8));
            capture.assertContainsNone("RotationToken", rotationTokens);
        }
    }
}
