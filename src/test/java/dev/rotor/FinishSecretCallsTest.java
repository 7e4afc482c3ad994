package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.InOrder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

/**
 * finishSecret makes one DescribeSecret and two label updates, and fails the step when the service refuses either
 * update. The client mock calls the SDK's real default methods, whose request-taking forms throw when not stubbed,
 * so any call other than the expected ones fails the test.
 */
class FinishSecretCallsTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-AbCdEf";
    private static final String OLD = "11111111-1111-4111-8111-111111111111";
    private static final String TOKEN = "22222222-2222-4222-8222-222222222222";

    private final List<String> hooks = new ArrayList<>();
    private SecretsManagerClient client;
    private RotationHandler handler;

    @BeforeEach
    void setUp() {
        client = mock(SecretsManagerClient.class, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
        CredentialChanger changer = new CredentialChanger() {
            @Override
            public void apply(RotationContext context) {
                throw new AssertionError("not a finishSecret call");
            }

            @Override
            public void verify(RotationContext context) {
                throw new AssertionError("not a finishSecret call");
            }

            @Override
            public void afterFinish(RotationContext context) {
                hooks.add("afterFinish " + context.token());
            }
        };
        RotorConfig config = new RotorConfig(Optional.of("eu-west-1"), Optional.empty(),
                dev.rotor.secrets.PasswordPolicy.DEFAULT, java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(300), RotorConfig.PasswordSource.LOCAL);
        handler = new RotationHandler(changer, client, config) {
        };
    }

    private void describes(Map<String, List<String>> stages) {
        doReturn(DescribeSecretResponse.builder().arn(ARN).rotationEnabled(true).versionIdsToStages(stages).build())
                .when(client).describeSecret(any(DescribeSecretRequest.class));
    }

    private void finish() {
        handler.handle(new RotationEvent(Step.FINISH_SECRET, ARN, TOKEN, null), null);
    }

    @Test
    void finishSecretMakesOneDescribeAndTwoLabelUpdates() {
        describes(Map.of(OLD, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING")));
        doReturn(UpdateSecretVersionStageResponse.builder().arn(ARN).build())
                .when(client).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));

        finish();

        InOrder order = inOrder(client);
        order.verify(client).describeSecret(any(DescribeSecretRequest.class));
        order.verify(client).updateSecretVersionStage(UpdateSecretVersionStageRequest.builder().secretId(ARN)
                .versionStage("AWSCURRENT").moveToVersionId(TOKEN).removeFromVersionId(OLD).build());
        order.verify(client).updateSecretVersionStage(UpdateSecretVersionStageRequest.builder().secretId(ARN)
                .versionStage("AWSPENDING").removeFromVersionId(TOKEN).build());
        verify(client, times(1)).describeSecret(any(DescribeSecretRequest.class));
        verify(client, times(2)).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(hooks).containsExactly("afterFinish " + TOKEN);
    }

    @Test
    void finishSecretFailsAndRemovesNothingWhenTheServiceRefusesTheMove() {
        describes(Map.of(OLD, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING")));
        doThrow(InvalidParameterException.builder().message("label is attached elsewhere").build())
                .when(client).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));

        assertThatThrownBy(this::finish).isInstanceOf(RotationException.class)
                .hasMessageContaining("UpdateSecretVersionStage");

        verify(client, times(1)).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(hooks).isEmpty();
    }

    @Test
    void finishSecretFailsWhenTheServiceRefusesTheRemovalOfPending() {
        describes(Map.of(OLD, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING")));
        UpdateSecretVersionStageRequest removal = UpdateSecretVersionStageRequest.builder().secretId(ARN)
                .versionStage("AWSPENDING").removeFromVersionId(TOKEN).build();
        doReturn(UpdateSecretVersionStageResponse.builder().arn(ARN).build())
                .when(client).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        doThrow(InvalidParameterException.builder().message("refused").build())
                .when(client).updateSecretVersionStage(removal);

        assertThatThrownBy(this::finish).isInstanceOf(RotationException.class)
                .hasMessageContaining("UpdateSecretVersionStage");
    }

    @Test
    void resumedFinishSecretRemovesPendingWithoutAnotherDescribe() {
        describes(Map.of(OLD, List.of("AWSPREVIOUS"), TOKEN, List.of("AWSCURRENT", "AWSPENDING")));
        doReturn(UpdateSecretVersionStageResponse.builder().arn(ARN).build())
                .when(client).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));

        finish();

        verify(client, times(1)).describeSecret(any(DescribeSecretRequest.class));
        verify(client).updateSecretVersionStage(UpdateSecretVersionStageRequest.builder().secretId(ARN)
                .versionStage("AWSPENDING").removeFromVersionId(TOKEN).build());
        verify(client, never()).updateSecretVersionStage(UpdateSecretVersionStageRequest.builder().secretId(ARN)
                .versionStage("AWSCURRENT").moveToVersionId(TOKEN).removeFromVersionId(OLD).build());
        assertThat(hooks).containsExactly("afterFinish " + TOKEN);
    }

    @Test
    void finishSecretOfATokenThatIsCurrentAndNotPendingCallsNothingButDescribe() {
        describes(Map.of(OLD, List.of("AWSPREVIOUS"), TOKEN, List.of("AWSCURRENT")));

        finish();

        verify(client).describeSecret(any(DescribeSecretRequest.class));
        verify(client, never()).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(hooks).isEmpty();
    }
}
