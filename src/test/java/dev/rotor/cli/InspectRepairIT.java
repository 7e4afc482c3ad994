package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.LocalSecretsManagerExtension;
import dev.rotor.testsupport.SecretVersions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code rotor inspect} and {@code rotor repair} over HTTP against the local Secrets Manager, in every label state
 * the service allows and in the stuck states it does not.
 */
@ExtendWith(LocalSecretsManagerExtension.class)
class InspectRepairIT {
    private static final String FAILING_FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:fails";
    private static final String FIRST = "{\"username\":\"app\",\"password\":\"first-Secret-1\"}";
    private static final String SECOND = "{\"username\":\"app\",\"password\":\"second-Secret-2\"}";
    private static final String THIRD = "{\"username\":\"app\",\"password\":\"third-Secret-3\"}";
    private static final String PENDING = "{\"username\":\"app\",\"password\":\"pending-Secret-4\"}";

    private LocalSecretsManager local;
    private SecretsManagerClient client;
    private String arn;
    private String output;
    private String errors;

    @BeforeEach
    void createSecret(LocalSecretsManager local) {
        this.local = local;
        this.client = local.client();
        local.register(FAILING_FUNCTION, (input, out, context) -> {
            throw new IllegalStateException("this function always fails");
        });
        local.simulator().maxAttempts(1);
        arn = local.createSecret("app/db", FIRST);
    }

    private int rotor(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--secret-id", "app/db", "--endpoint",
                local.endpoint().toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RotorCli().run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        output = out.toString(StandardCharsets.UTF_8);
        errors = err.toString(StandardCharsets.UTF_8);
        assertThat(output + errors).doesNotContain("Secret-1", "Secret-2", "Secret-3", "Secret-4");
        return code;
    }

    private String put(String value, String... stages) {
        // Without stages, PutSecretValue makes the new version AWSCURRENT (and the old one AWSPREVIOUS).
        return new SecretVersions(client, arn).put(value, stages);
    }

    private Map<String, List<String>> labels() {
        return new SecretVersions(client, arn).stages();
    }

    private String versionWith(String label) {
        return new SecretVersions(client, arn).versionWith(label).orElseThrow();
    }

    /** A RotateSecret whose function fails in createSecret: AWSPENDING stays on a version without a value. */
    private String failedRotation() {
        client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FAILING_FUNCTION));
        return versionWith("AWSPENDING");
    }

    private void assertRepairWithoutConfirmChangesNothing(String pendingVersion) {
        Map<String, List<String>> before = labels();
        assertThat(rotor("repair")).isEqualTo(3);
        assertThat(output).contains("Would remove AWSPENDING from version " + pendingVersion, "Nothing changed");
        assertThat(labels()).isEqualTo(before);
    }

    private void assertConfirmedRepairRemovesOnlyPending(String pendingVersion) {
        Map<String, List<String>> before = labels();
        String current = versionWith("AWSCURRENT");
        assertThat(rotor("repair", "--version-id", pendingVersion, "--confirm")).isZero();
        assertThat(output).contains("Changed: removed AWSPENDING from version " + pendingVersion,
                "Unchanged: AWSCURRENT on version " + current);
        Map<String, List<String>> after = labels();
        assertThat(versionWith("AWSCURRENT")).isEqualTo(current);
        assertThat(after.values()).noneMatch(stages -> stages.contains("AWSPENDING"));
        before.forEach((version, stages) -> assertThat(after.getOrDefault(version, List.of()))
                .containsExactlyInAnyOrderElementsOf(stages.stream().filter(s -> !s.equals("AWSPENDING")).toList()));
        assertThat(rotor("inspect")).isZero();
    }

    @Test
    void noPendingIsReportedLegalAndRepairChangesNothing() {
        put(SECOND);
        Map<String, List<String>> before = labels();

        assertThat(rotor("inspect")).isZero();
        assertThat(output).contains("OK - no rotation in progress", "Repair:        none needed", "AWSPREVIOUS");

        assertThat(rotor("repair", "--confirm")).isZero();
        assertThat(output).contains("Nothing to repair");
        assertThat(labels()).isEqualTo(before);
    }

    @Test
    void pendingOnTheCurrentVersionIsLegal() {
        String current = versionWith("AWSCURRENT");
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").moveToVersionId(current));
        Map<String, List<String>> before = labels();

        assertThat(rotor("inspect")).isZero();
        assertThat(output).contains("OK - AWSPENDING on the current version");

        assertThat(rotor("repair", "--confirm")).isZero();
        assertThat(labels()).isEqualTo(before);
    }

    @Test
    void aFailedRotationLeavesPendingWithoutValueAndRepairRemovesIt() {
        String pending = failedRotation();

        assertThat(rotor("inspect")).isEqualTo(3);
        assertThat(output).contains("STUCK", "pending value: absent", "has no value",
                "rotor repair --secret-id app/db --endpoint " + local.endpoint() + " --version-id " + pending
                        + " --confirm");

        assertRepairWithoutConfirmChangesNothing(pending);
        assertConfirmedRepairRemovesOnlyPending(pending);
        // The secret can rotate again: RotateSecret no longer refuses.
        client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FAILING_FUNCTION));
    }

    @Test
    void pendingWithValueIsStuckAndRepairKeepsTheValueReadable() {
        String pending = put(PENDING, "AWSPENDING");

        assertThat(rotor("inspect")).isEqualTo(3);
        assertThat(output).contains("pending value: present", "setSecret may already have changed",
                "--move-to-version-id " + pending);

        assertRepairWithoutConfirmChangesNothing(pending);
        assertConfirmedRepairRemovesOnlyPending(pending);
        assertThat(client.getSecretValue(b -> b.secretId(arn).versionId(pending)).secretString()).isEqualTo(PENDING);
    }

    @Test
    void pendingOnADeprecatedVersionIsStuck() {
        String first = versionWith("AWSCURRENT");
        put(SECOND);
        put(THIRD);
        assertThat(labels().get(first)).isNullOrEmpty();
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").moveToVersionId(first));

        assertThat(rotor("inspect")).isEqualTo(3);
        assertThat(output).contains("STUCK", "older than the AWSCURRENT");

        assertRepairWithoutConfirmChangesNothing(first);
        assertConfirmedRepairRemovesOnlyPending(first);
    }

    @Test
    void pendingOnThePreviousVersionIsStuckAndRepairKeepsPrevious() {
        put(SECOND);
        String previous = versionWith("AWSPREVIOUS");
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").moveToVersionId(previous));

        assertThat(rotor("inspect")).isEqualTo(3);
        assertThat(output).contains("also AWSPREVIOUS");

        assertConfirmedRepairRemovesOnlyPending(previous);
        assertThat(versionWith("AWSPREVIOUS")).isEqualTo(previous);
    }

    @Test
    void stuckRotationWithRotationDisabledIsReportedAndRepairable() {
        String pending = failedRotation();
        client.cancelRotateSecret(b -> b.secretId(arn));
        if (!labels().getOrDefault(pending, List.of()).contains("AWSPENDING")) {
            // CancelRotateSecret on this service also removed the label; put the stuck state back by hand.
            client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").moveToVersionId(pending));
        }

        assertThat(rotor("inspect")).isEqualTo(3);
        assertThat(output).contains("Rotation:      disabled", "Rotation is disabled", "STUCK");

        assertConfirmedRepairRemovesOnlyPending(pending);
    }

    @Test
    void inspectReportsWhenTheSecretLastRotated() {
        local.register("arn:aws:lambda:us-east-1:000000000000:function:noop", (input, out, context) -> { });
        assertThat(rotor("inspect")).isZero();
        assertThat(output).contains("Last rotated:  never", "Rotation:      never configured");

        assertThat(rotor("inspect", "--json")).isZero();
        assertThat(output).contains("\"state\" : \"NO_ROTATION_IN_PROGRESS\"", "\"legal\" : true");
    }

    @Test
    void staleVersionIdIsRefusedAndChangesNothing() {
        String pending = failedRotation();
        Map<String, List<String>> before = labels();

        assertThat(rotor("repair", "--version-id", "not-" + pending, "--confirm")).isEqualTo(1);

        assertThat(errors.lines()).hasSize(1);
        assertThat(errors).contains("AWSPENDING is on version " + pending);
        assertThat(labels()).isEqualTo(before);
    }

    @Test
    void unknownSecretIsOneClearLine() {
        List<String> args = List.of("inspect", "--secret-id", "no/such", "--endpoint", local.endpoint().toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RotorCli().run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "rotor inspect: error: Secret 'no/such' not found (ResourceNotFoundException)"
                        + System.lineSeparator());
    }
}
