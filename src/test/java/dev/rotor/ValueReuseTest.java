package dev.rotor;

import static dev.rotor.FakeSecretsManager.AWSCURRENT;
import static dev.rotor.FakeSecretsManager.AWSPENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.rotor.secrets.Secret;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;

/**
 * One handler instance running the steps of a rotation (a warm Lambda container) reads each version's value once;
 * the labels are always those of the step's own DescribeSecret.
 */
class ValueReuseTest {
    private static final String OLD_PASSWORD = "old-Pa55word-reused";

    private FakeSecretsManager sm;
    private TestChanger changer;
    private String arn;

    @BeforeEach
    void setUp() {
        sm = spy(new FakeSecretsManager());
        arn = sm.createSecret("app/reuse", "{\"username\":\"app\",\"password\":\"" + OLD_PASSWORD + "\"}");
        changer = new TestChanger(OLD_PASSWORD);
    }

    private static void steps(TestHandler handler, String arn, String token, String... steps) {
        for (String step : steps) {
            handler.step(step, arn, token, null);
        }
    }

    private String rotate(TestHandler handler) {
        String token = UUID.randomUUID().toString();
        sm.startRotation(arn, token);
        steps(handler, arn, token, "createSecret", "setSecret", "testSecret", "finishSecret");
        return token;
    }

    @Test
    void setSecretAndTestSecretReadNothingInTheInstanceThatRanCreateSecret() {
        TestHandler handler = new TestHandler(changer, sm);
        String token = UUID.randomUUID().toString();
        sm.startRotation(arn, token);

        steps(handler, arn, token, "createSecret");
        // AWSCURRENT, then whether the pending version has a value (it has none yet)
        verify(sm, times(2)).getSecretValue(any(GetSecretValueRequest.class));
        clearInvocations(sm);

        steps(handler, arn, token, "setSecret", "testSecret");
        verify(sm, never()).getSecretValue(any(GetSecretValueRequest.class));
        assertThat(changer.targetPassword).isEqualTo(changer.verifiedPassword).isNotEqualTo(OLD_PASSWORD)
                .isEqualTo(Secret.parse(sm.state(arn).versions.get(token).value).requireSecret("password").reveal());
    }

    @Test
    void withReuseOffEveryStepReadsWhatItNeeds() {
        TestHandler handler = new TestHandler(changer, sm, Map.of("ROTOR_VALUE_REUSE_SECONDS", "0"));

        rotate(handler);

        // createSecret 2, setSecret 2 (pending, current), testSecret 1, finishSecret's hook 2 (TestChanger reads the
        // value just replaced and AWSPREVIOUS, both AWSPREVIOUS by then; finishSecret never reuses)
        verify(sm, times(7)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void nothingIsReusedAcrossRotations() {
        TestHandler handler = new TestHandler(changer, sm);
        rotate(handler);
        clearInvocations(sm);

        String token = UUID.randomUUID().toString();
        sm.startRotation(arn, token);
        steps(handler, arn, token, "createSecret");

        // finishSecret forgot the first rotation's values: AWSCURRENT (the first rotation's pending) is read again
        verify(sm, times(2)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void aLabelMovedBetweenStepsIsFollowed() {
        TestHandler handler = new TestHandler(changer, sm);
        String original = sm.versionWith(arn, AWSCURRENT);
        String token = UUID.randomUUID().toString();
        sm.startRotation(arn, token);
        steps(handler, arn, token, "createSecret");

        // someone rolls AWSCURRENT to a new version between the steps, leaving the rotation in place
        String other = UUID.randomUUID().toString();
        FakeSecretsManager.Version version = new FakeSecretsManager.Version();
        version.value = "{\"username\":\"app\",\"password\":\"rolled-Pa55word\"}";
        sm.state(arn).versions.put(other, version);
        sm.updateSecretVersionStage(UpdateSecretVersionStageRequest.builder().secretId(arn).versionStage(AWSCURRENT)
                .moveToVersionId(other).removeFromVersionId(original).build());
        changer.targetPassword = "rolled-Pa55word";
        clearInvocations(sm);

        steps(handler, arn, token, "setSecret");

        // the new AWSCURRENT is read (the changer refuses any other current password); the pending value is the one
        // this instance stored
        verify(sm, times(1)).getSecretValue(any(GetSecretValueRequest.class));
        assertThat(changer.targetPassword).isNotEqualTo("rolled-Pa55word").isNotEqualTo(OLD_PASSWORD);
        assertThat(sm.labels(arn).get(token)).containsExactly(AWSPENDING);
    }
}
