package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.Step;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

@ExtendWith(LocalSecretsManagerExtension.class)
class LocalSecretsManagerTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:sample";

    @Test
    void listensOnLoopbackOnAnEphemeralPort(LocalSecretsManager local) {
        URI endpoint = local.endpoint();
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isEqualTo(local.port()).isPositive();
        assertThat(local.client()).isSameAs(local.client());
    }

    @Test
    void rotateSecretDrivesTheRegisteredHandlerThroughTheFourSteps(LocalSecretsManager local) {
        FakeTarget target = new FakeTarget();
        target.createUser("app", "old-password-1");
        local.register(FUNCTION, new SampleHandler(new SampleChanger(target), local.client()));
        String arn = local.createSecret("app/db", "{\"username\":\"app\",\"password\":\"old-password-1\"}");

        String token = local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION)).versionId();

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.outcome()).isEqualTo(RotationRun.Outcome.SUCCEEDED);
        assertThat(run.steps()).containsExactly(Step.CREATE_SECRET, Step.SET_SECRET, Step.TEST_SECRET,
                Step.FINISH_SECRET);
        assertThat(run.token()).isEqualTo(token);
        assertThat(run.tokenIsCurrent()).isTrue();
        DescribeSecretResponse described = local.client().describeSecret(b -> b.secretId(arn));
        assertThat(described.versionIdsToStages().get(token)).containsExactly("AWSCURRENT");
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.rotationLambdaARN()).isEqualTo(FUNCTION);
        assertThat(described.lastRotatedDate()).isNotNull();
        String current = local.client().getSecretValue(b -> b.secretId(arn)).secretString();
        assertThat(target.logsIn(dev.rotor.secrets.Secret.parse(current))).isTrue();
        assertThat(target.logsIn("app", "old-password-1")).isFalse();
        assertThat(described.versionIdsToStages().values()).extracting(List::size).containsOnly(1);
    }
}
