package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.testsupport.SecretVersions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RotationRulesType;

/** RotateSecret's rules of SPEC section 1, through the real SDK client over HTTP. */
class RotateSecretTest {
    private static final String NO_OP = "arn:aws:lambda:us-east-1:000000000000:function:noop";

    @RegisterExtension
    final LocalSecretsManagerExtension extension = new LocalSecretsManagerExtension();

    private LocalSecretsManager local;
    private SecretsManagerClient client;
    private String arn;
    private String first;

    @BeforeEach
    void createSecret() {
        local = extension.get();
        client = local.client();
        RequestStreamHandler noOp = (in, out, context) -> in.readAllBytes();
        local.register(NO_OP, noOp);
        arn = local.createSecret("app/db", "v1");
        first = versionWith("AWSCURRENT");
    }

    private Map<String, List<String>> stages() {
        return new SecretVersions(client, arn).stages();
    }

    private String versionWith(String stage) {
        return new SecretVersions(client, arn).versionWith(stage).orElse(null);
    }

    private String rotate() {
        return client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(NO_OP)).versionId();
    }

    @Test
    void rotateSecretNeedsAFunction() {
        assertThatThrownBy(() -> client.rotateSecret(b -> b.secretId(arn)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN("arn:unregistered")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("arn:unregistered");
        assertThat(stages()).containsOnlyKeys(first);
    }

    @Test
    void rotateSecretCreatesAValuelessPendingPlaceholder() {
        String token = rotate();

        assertThat(stages()).containsOnly(Map.entry(first, List.of("AWSCURRENT")),
                Map.entry(token, List.of("AWSPENDING")));
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn).versionStage("AWSPENDING")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn).versionId(token)
                .versionStage("AWSPENDING"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
    }

    @Test
    void rotateSecretIsRefusedWhileAPreviousRotationIsIncomplete() {
        rotate();

        assertThatThrownBy(this::rotate).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("previous rotation isn't complete");
        assertThat(local.engine().rotationInProgress(arn)).isTrue();
    }

    @Test
    void aRetriedRotateSecretWithTheSameTokenStartsNothingNew() {
        String token = "12345678-aaaa-bbbb-cccc-123456789012";
        String pending = client.putSecretValue(b -> b.secretId(arn).clientRequestToken(token).secretString("v2"))
                .versionId();

        String again = client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(NO_OP).clientRequestToken(token))
                .versionId();

        assertThat(again).isEqualTo(pending);
        assertThat(local.simulator().runs()).isEmpty();
    }

    @Test
    void aPendingLabelLeftOnTheCurrentVersionIsALegalEndState() {
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").moveToVersionId(first));

        String token = rotate();

        assertThat(stages().get(first)).containsExactly("AWSCURRENT");
        assertThat(stages().get(token)).containsExactly("AWSPENDING");
    }

    @Test
    void writingANewCurrentValueAbandonsARotationInProgress() {
        String token = rotate();

        String manual = client.putSecretValue(b -> b.secretId(arn).secretString("v2")).versionId();

        assertThat(stages()).containsOnly(Map.entry(manual, List.of("AWSCURRENT")),
                Map.entry(first, List.of("AWSPREVIOUS")));
        assertThat(local.timeline().entries(Timeline.Kind.ROTATION_ABANDONED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("token", token));
        String next = rotate();
        assertThat(stages().get(next)).containsExactly("AWSPENDING");
    }

    @Test
    void updateSecretWithAValueAlsoAbandonsTheRotation() {
        rotate();

        client.updateSecret(b -> b.secretId(arn).secretString("v2"));

        assertThat(local.engine().rotationInProgress(arn)).isFalse();
        assertThat(versionWith("AWSPENDING")).isNull();
    }

    @Test
    void aMetadataUpdateDoesNotAbandonTheRotation() {
        String token = rotate();

        client.updateSecret(b -> b.secretId(arn).description("d"));

        assertThat(versionWith("AWSPENDING")).isEqualTo(token);
    }

    @Test
    void describeSecretReportsTheRotationConfiguration() {
        client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(NO_OP)
                .rotationRules(r -> r.automaticallyAfterDays(30L).duration("3h")));

        DescribeSecretResponse described = client.describeSecret(b -> b.secretId(arn));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.rotationLambdaARN()).isEqualTo(NO_OP);
        assertThat(described.rotationRules()).isEqualTo(RotationRulesType.builder().automaticallyAfterDays(30L)
                .duration("3h").build());
        assertThat(described.lastRotatedDate()).isNull(); // the no-op function never moved AWSCURRENT
        assertThat(described.nextRotationDate()).isNotNull();
        assertThat(described.createdDate()).isNotNull();
        assertThat(described.lastChangedDate()).isNotNull();
    }

    @Test
    void aNeverRotatedSecretReportsNoRotationFields() {
        DescribeSecretResponse described = client.describeSecret(b -> b.secretId(arn));
        assertThat(described.rotationEnabled()).isNull();
        assertThat(described.rotationLambdaARN()).isNull();
        assertThat(described.nextRotationDate()).isNull();
    }

    @Test
    void cancelRotateSecretTurnsRotationOff() {
        String token = rotate();

        var cancelled = client.cancelRotateSecret(b -> b.secretId(arn));

        assertThat(cancelled.versionId()).isEqualTo(token);
        DescribeSecretResponse described = client.describeSecret(b -> b.secretId(arn));
        assertThat(described.rotationEnabled()).isFalse();
        assertThat(described.nextRotationDate()).isNull();
        assertThat(described.versionIdsToStages().get(token)).containsExactly("AWSPENDING");
    }

    @Test
    void rotationRulesAreValidated() {
        for (RotationRulesType rules : List.of(
                RotationRulesType.builder().automaticallyAfterDays(0L).build(),
                RotationRulesType.builder().automaticallyAfterDays(1001L).build(),
                RotationRulesType.builder().scheduleExpression("rate(3 hours)").build(),
                RotationRulesType.builder().scheduleExpression("rate(1000 days)").build(),
                RotationRulesType.builder().scheduleExpression("cron(5 12 * * ? *)").build(),
                RotationRulesType.builder().scheduleExpression("cron(0 12 * * ? 2030)").build(),
                RotationRulesType.builder().scheduleExpression("every day").build(),
                RotationRulesType.builder().automaticallyAfterDays(1L).scheduleExpression("rate(4 hours)").build(),
                RotationRulesType.builder().scheduleExpression("rate(4 hours)").duration("4h").build(),
                RotationRulesType.builder().automaticallyAfterDays(2L).duration("0h").build(),
                RotationRulesType.builder().duration("2h").build())) {
            assertThatThrownBy(() -> client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(NO_OP)
                    .rotationRules(rules))).as(rules.toString()).isInstanceOf(InvalidParameterException.class);
        }
        assertThat(stages()).containsOnlyKeys(first);
    }

    @Test
    void validSchedulesAreAccepted() {
        for (RotationRulesType rules : List.of(
                RotationRulesType.builder().scheduleExpression("rate(4 hours)").duration("3h").build(),
                RotationRulesType.builder().scheduleExpression("rate(999 days)").build(),
                RotationRulesType.builder().scheduleExpression("cron(0 16 1,15 * ? *)").duration("2h").build(),
                RotationRulesType.builder().automaticallyAfterDays(1000L).build())) {
            String token = client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(NO_OP).rotationRules(rules))
                    .versionId();
            client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING")
                    .removeFromVersionId(token));
            assertThat(client.describeSecret(b -> b.secretId(arn)).rotationRules()).isEqualTo(rules);
        }
    }

    @Test
    void theNextRotationFollowsTheLastOneByTheInterval() {
        FakeTarget target = new FakeTarget();
        target.createUser("app", "initial-password");
        String fn = "arn:aws:lambda:us-east-1:000000000000:function:sample";
        local.register(fn, new SampleHandler(new SampleChanger(target), client));
        String secret = local.createSecret("app/sample", "{\"username\":\"app\",\"password\":\"initial-password\"}");

        client.rotateSecret(b -> b.secretId(secret).rotationLambdaARN(fn).rotationRules(r -> r
                .automaticallyAfterDays(7L)));

        DescribeSecretResponse described = client.describeSecret(b -> b.secretId(secret));
        assertThat(described.lastRotatedDate()).isNotNull();
        assertThat(Duration.between(described.lastRotatedDate(), described.nextRotationDate()))
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aRotationTokenTheServiceDidNotIssueIsRefused() {
        String token = rotate();

        assertThatThrownBy(() -> client.putSecretValue(b -> b.secretId(arn).clientRequestToken(token)
                .secretString("v2").versionStages("AWSPENDING").rotationToken("forged-token")))
                .isInstanceOf(InvalidParameterException.class);
    }
}
