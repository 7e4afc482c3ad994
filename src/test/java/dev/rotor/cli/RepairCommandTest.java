package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

class RepairCommandTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf";

    private final SecretsManagerClient client = mock(SecretsManagerClient.class,
            withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Command repair = new RepairCommand(arguments -> client);
        return new RotorCli(List.of(repair)).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void labels(Map<String, List<String>> before, Map<String, List<String>> after) {
        doReturn(describe(before), describe(after)).when(client).describeSecret(any(DescribeSecretRequest.class));
        doThrow(ResourceNotFoundException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ResourceNotFoundException").build()).build())
                .when(client).getSecretValue(any(GetSecretValueRequest.class));
        doThrow(ResourceNotFoundException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("UnknownOperationException").build()).build())
                .when(client).listSecretVersionIds(any(ListSecretVersionIdsRequest.class));
    }

    private static DescribeSecretResponse describe(Map<String, List<String>> stages) {
        return DescribeSecretResponse.builder().arn(ARN).name("app").rotationEnabled(true)
                .versionIdsToStages(stages).build();
    }

    @Test
    void withoutConfirmItChangesNothingAndPrintsTheCommand() {
        labels(Map.of("v1", List.of("AWSCURRENT"), "v2", List.of("AWSPENDING")), Map.of());

        assertThat(run("repair", "--secret-id", "app")).isEqualTo(3);

        verify(client, never()).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Would remove AWSPENDING from version v2",
                "Nothing changed", "rotor repair --secret-id app --version-id v2 --confirm");
    }

    @Test
    void withConfirmItRemovesOnlyAwsPendingFromTheStuckVersion() {
        labels(Map.of("v1", List.of("AWSCURRENT"), "v2", List.of("AWSPENDING")),
                Map.of("v1", List.of("AWSCURRENT"), "v2", List.of()));
        doReturn(UpdateSecretVersionStageResponse.builder().build())
                .when(client).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));

        assertThat(run("repair", "--secret-id", "app", "--version-id", "v2", "--confirm")).isZero();

        ArgumentCaptor<UpdateSecretVersionStageRequest> request =
                ArgumentCaptor.forClass(UpdateSecretVersionStageRequest.class);
        verify(client).updateSecretVersionStage(request.capture());
        assertThat(request.getValue().versionStage()).isEqualTo("AWSPENDING");
        assertThat(request.getValue().removeFromVersionId()).isEqualTo("v2");
        assertThat(request.getValue().moveToVersionId()).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "Changed: removed AWSPENDING from version v2; its labels were [AWSPENDING], now []",
                "Unchanged: AWSCURRENT on version v1");
    }

    @Test
    void confirmWithoutVersionIdIsRefused() {
        labels(Map.of("v1", List.of("AWSCURRENT"), "v2", List.of("AWSPENDING")), Map.of());

        assertThat(run("repair", "--secret-id", "app", "--confirm")).isEqualTo(2);

        verify(client, never()).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--version-id v2");
    }

    @Test
    void aVersionIdThatNoLongerHoldsAwsPendingIsRefused() {
        labels(Map.of("v1", List.of("AWSCURRENT"), "v3", List.of("AWSPENDING")), Map.of());

        assertThat(run("repair", "--secret-id", "app", "--version-id", "v2", "--confirm")).isEqualTo(1);

        verify(client, never()).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("AWSPENDING is on version v3, not v2");
    }

    @Test
    void aLegalStateNeedsNothing() {
        labels(Map.of("v1", List.of("AWSCURRENT", "AWSPENDING")), Map.of());

        assertThat(run("repair", "--secret-id", "app", "--confirm")).isZero();

        verify(client, never()).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Nothing to repair");
    }
}
