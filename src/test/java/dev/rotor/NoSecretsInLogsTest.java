package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rotor.secrets.Secret;
import dev.rotor.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Captures all log output of complete rotations, failed steps and refused events, plus every exception and the
 * {@code toString()} of every event, context and secret involved, and proves that no password, secret JSON or
 * RotationToken is in it.
 */
class NoSecretsInLogsTest {
    static final String OLD_PASSWORD = "0ld-P4ssw0rd-f0r-l0g-check";
    static final String CURRENT_JSON = "{\"username\":\"app\",\"password\":\"" + OLD_PASSWORD + "\",\"host\":\"db\"}";
    static final String ROTATION_TOKEN = "rotation-token-9d8c7b6a-must-not-leak";

    @Test
    void aCompleteRotationLogsNoSecretMaterial() {
        FakeSecretsManager sm = new FakeSecretsManager();
        TestChanger changer = new TestChanger(OLD_PASSWORD);
        TestHandler handler = new TestHandler(changer, sm);
        String arn = sm.createSecret("app/db", CURRENT_JSON);
        String token = "0e6f4a52-1111-4222-8333-444444444444";
        String second = "0e6f4a52-5555-4666-8777-888888888888";
        List<Throwable> failures = new ArrayList<>();
        String pendingJson;

        try (LogCapture capture = LogCapture.quiet()) {
            sm.startRotation(arn, token);
            handler.rotate(arn, token, ROTATION_TOKEN);
            handler.rotate(arn, token, ROTATION_TOKEN); // late retries: every step a no-op
            pendingJson = sm.valueAt(arn, "AWSCURRENT");

            // a second rotation whose testSecret fails, then succeeds on the retry
            sm.startRotation(arn, second);
            handler.step("createSecret", arn, second, ROTATION_TOKEN);
            failures.add(catchThrowable(() -> handler.step("testSecret", arn, second, ROTATION_TOKEN)));
            changer.onApply = context -> {
                throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "target refused the change ("
                        + context.describe() + ", pending " + context.pending() + ")");
            };
            failures.add(catchThrowable(() -> handler.step("setSecret", arn, second, ROTATION_TOKEN)));
            changer.onApply = context -> { };
            handler.rotate(arn, second, ROTATION_TOKEN);

            // refused events and failed pre-checks
            failures.add(catchThrowable(() -> handler.invoke("{\"Step\":\"createSecret\",\"SecretId\":\"" + arn
                    + "\",\"ClientRequestToken\":\"\",\"RotationToken\":\"" + ROTATION_TOKEN + "\"}", null)));
            failures.add(catchThrowable(() -> handler.invoke("{\"Step\":\"rotate\",\"RotationToken\":\""
                    + ROTATION_TOKEN + "\"}", null)));
            failures.add(catchThrowable(() -> handler.invoke("{\"RotationToken\":\"" + ROTATION_TOKEN + "\" x}",
                    null)));
            failures.add(catchThrowable(() -> handler.step("setSecret", arn, "not-a-version", ROTATION_TOKEN)));
            failures.add(catchThrowable(() -> Secret.parse("{\"password\":\"" + OLD_PASSWORD + "\"", "test")));

            for (Throwable failure : failures) {
                assertThat(failure).isNotNull();
                capture.add(failure).add(failure.getMessage());
            }
            for (var context : changer.contexts) {
                capture.add(context).add(context.budget()).add(context.describe());
            }
            capture.add(new RotationEvent(Step.CREATE_SECRET, arn, token, ROTATION_TOKEN));
            capture.add(Secret.parse(CURRENT_JSON)).add(Secret.parse(pendingJson))
                    .add(Secret.parse(pendingJson).requireSecret("password"));

            String text = capture.text();
            assertThat(text).as("the capture sees the handler's log lines")
                    .contains("Step createSecret started", "Step finishSecret succeeded", "Step testSecret failed",
                            "Labels before", arn, token);
            // every password the rotations made (in the handler: no GetRandomPassword) and the first one
            List<String> passwords = new ArrayList<>();
            for (FakeSecretsManager.Version version : sm.state(arn).versions.values()) {
                passwords.add(Secret.parse(version.value).requireSecret("password").reveal());
            }
            assertThat(passwords).hasSize(3).doesNotHaveDuplicates().contains(OLD_PASSWORD);
            assertThat(sm.passwordsIssued).isEmpty();
            capture.assertContainsNone("password", passwords);
            capture.assertContainsNone("RotationToken", List.of(ROTATION_TOKEN));
            capture.assertContainsNone("secret JSON", List.of(CURRENT_JSON, pendingJson, "\"password\":\""));
        }
        assertThat(sm.rotationTokensReceived).containsOnly(ROTATION_TOKEN);
    }
}
