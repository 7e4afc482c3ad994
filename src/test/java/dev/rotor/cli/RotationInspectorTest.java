package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import dev.rotor.cli.RotationState.PendingValue;
import dev.rotor.cli.RotationState.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class RotationInspectorTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    // Unstubbed calls run the SDK's default methods, which throw: a call the inspector should not make fails.
    private final SecretsManagerClient client = mock(SecretsManagerClient.class,
            withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));

    private void given(Boolean rotationEnabled, Map<String, List<String>> stages) {
        doReturn(DescribeSecretResponse.builder().arn(ARN).name("app").rotationEnabled(rotationEnabled)
                .lastRotatedDate(T0.plusSeconds(60)).versionIdsToStages(stages).build())
                .when(client).describeSecret(any(DescribeSecretRequest.class));
        List<SecretVersionsListEntry> entries = new java.util.ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<String>> entry : stages.entrySet()) {
            entries.add(SecretVersionsListEntry.builder().versionId(entry.getKey()).versionStages(entry.getValue())
                    .createdDate(T0.plusSeconds(i++)).build());
        }
        doReturn(ListSecretVersionIdsResponse.builder().versions(entries).build())
                .when(client).listSecretVersionIds(any(ListSecretVersionIdsRequest.class));
    }

    private void pendingHasValue(boolean value) {
        if (value) {
            doReturn(GetSecretValueResponse.builder().versionId("v2").secretString("{\"password\":\"hunter2\"}")
                    .build()).when(client).getSecretValue(any(GetSecretValueRequest.class));
        } else {
            doThrow(ResourceNotFoundException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ResourceNotFoundException").build()).build())
                    .when(client).getSecretValue(any(GetSecretValueRequest.class));
        }
    }

    private static Map<String, List<String>> stages(Object... idsAndLabels) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < idsAndLabels.length; i += 2) {
            map.put((String) idsAndLabels[i], List.of(((String) idsAndLabels[i + 1]).split(",")).stream()
                    .filter(s -> !s.isEmpty()).toList());
        }
        return map;
    }

    private RotationState inspect() {
        return new RotationInspector(client).inspect("app");
    }

    @Test
    void noPendingIsLegalAndNeedsNoRepair() {
        given(true, stages("v1", "AWSPREVIOUS", "v2", "AWSCURRENT"));

        RotationState state = inspect();

        assertThat(state.verdict()).isEqualTo(Verdict.NO_ROTATION_IN_PROGRESS);
        assertThat(state.repair()).isEmpty();
        assertThat(state.currentVersion()).contains("v2");
        assertThat(state.lastRotated()).contains(T0.plusSeconds(60));
        verify(client, never()).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void pendingOnTheCurrentVersionIsLegal() {
        given(true, stages("v1", "AWSPREVIOUS", "v2", "AWSCURRENT,AWSPENDING"));

        RotationState state = inspect();

        assertThat(state.verdict()).isEqualTo(Verdict.PENDING_ON_CURRENT);
        assertThat(state.verdict().legal()).isTrue();
        assertThat(state.repair()).isEmpty();
        verify(client, never()).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void pendingWithoutValueOnAnotherVersionIsStuckAndRepairable() {
        given(true, stages("v1", "AWSCURRENT", "v2", "AWSPENDING"));
        pendingHasValue(false);

        RotationState state = inspect();

        assertThat(state.verdict()).isEqualTo(Verdict.STUCK);
        assertThat(state.pendingValue()).isEqualTo(PendingValue.ABSENT);
        assertThat(state.repair()).map(RotationState.Repair::versionId).contains("v2");
        assertThat(String.join(" ", state.findings())).contains("no value", "safe");
    }

    @Test
    void pendingWithValueIsStuckAndExplainsHowToFinishInstead() {
        given(true, stages("v1", "AWSCURRENT", "v2", "AWSPENDING"));
        pendingHasValue(true);

        RotationState state = inspect();

        assertThat(state.pendingValue()).isEqualTo(PendingValue.PRESENT);
        assertThat(String.join(" ", state.findings())).contains("--move-to-version-id v2 --remove-from-version-id v1")
                .doesNotContain("hunter2");
        assertThat(state.toString()).doesNotContain("hunter2");
    }

    @Test
    void pendingOnThePreviousVersionIsStuck() {
        given(true, stages("v1", "AWSPREVIOUS,AWSPENDING", "v2", "AWSCURRENT"));
        pendingHasValue(true);

        RotationState state = inspect();

        assertThat(state.verdict()).isEqualTo(Verdict.STUCK);
        assertThat(state.repair()).map(RotationState.Repair::labelsBefore)
                .contains(List.of("AWSPREVIOUS", "AWSPENDING"));
        assertThat(String.join(" ", state.findings())).contains("also AWSPREVIOUS");
    }

    @Test
    void pendingOnAnOlderVersionIsStuckAndNamedAsOld() {
        given(true, stages("v0", "AWSPENDING", "v1", "AWSPREVIOUS", "v2", "AWSCURRENT"));
        pendingHasValue(true);

        RotationState state = inspect();

        assertThat(state.repair()).map(RotationState.Repair::versionId).contains("v0");
        assertThat(String.join(" ", state.findings())).contains("older than the AWSCURRENT");
        assertThat(state.versions()).extracting(RotationState.Version::id).containsExactly("v2", "v1", "v0");
    }

    @Test
    void disabledRotationIsReported() {
        given(false, stages("v1", "AWSCURRENT"));

        RotationState state = inspect();

        assertThat(state.rotationEnabled()).contains(false);
        assertThat(String.join(" ", state.findings())).contains("Rotation is disabled");
    }

    @Test
    void noCurrentVersionIsBrokenWithoutARepair() {
        given(true, stages("v1", "AWSPENDING"));

        RotationState state = inspect();

        assertThat(state.verdict()).isEqualTo(Verdict.NO_CURRENT_VERSION);
        assertThat(state.repair()).isEmpty();
    }

    @Test
    void deniedValueLookupLeavesTheValueUnknown() {
        given(true, stages("v1", "AWSCURRENT", "v2", "AWSPENDING"));
        doThrow(SecretsManagerException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDeniedException").build()).build())
                .when(client).getSecretValue(any(GetSecretValueRequest.class));

        RotationState state = inspect();

        assertThat(state.pendingValue()).isEqualTo(PendingValue.UNKNOWN);
        assertThat(String.join(" ", state.findings())).contains("AccessDeniedException");
        assertThat(state.repair()).isPresent();
    }

    @Test
    void unknownSecretIsAClearFailure() {
        doThrow(ResourceNotFoundException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ResourceNotFoundException").build()).build())
                .when(client).describeSecret(any(DescribeSecretRequest.class));

        assertThatThrownBy(this::inspect).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(1)).hasMessage(
                        "Secret 'app' not found (ResourceNotFoundException)");
    }

    @Test
    void repairCommandRepeatsEndpointAndRegionAndNamesTheVersion() {
        given(true, stages("v1", "AWSCURRENT", "v2", "AWSPENDING"));
        pendingHasValue(false);

        String command = StateReport.repairCommand(inspect(), "my app",
                Optional.of(java.net.URI.create("http://localhost:4566")), Optional.of("eu-west-1"));

        assertThat(command).isEqualTo("rotor repair --secret-id 'my app' --endpoint http://localhost:4566"
                + " --region eu-west-1 --version-id v2 --confirm");
    }
}
