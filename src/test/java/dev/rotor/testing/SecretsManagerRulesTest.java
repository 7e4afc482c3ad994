package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.testsupport.SecretVersions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/** The label, version and idempotency rules of SPEC section 1, through the real SDK client over HTTP. */
class SecretsManagerRulesTest {
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
        arn = client.createSecret(b -> b.name("app/db").secretString("v1")).arn();
        first = versionWith("AWSCURRENT");
    }

    private Map<String, List<String>> stages() {
        return new SecretVersions(client, arn).stages();
    }

    private String versionWith(String stage) {
        return new SecretVersions(client, arn).versionWith(stage).orElse(null);
    }

    private String put(String value, String... stages) {
        return new SecretVersions(client, arn).put(value, stages);
    }

    @Test
    void anArnHasTheNameAndARandomSixCharacterSuffix() {
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-[A-Za-z0-9]{6}");
    }

    @Test
    void aSecretIsAddressedByNameFullArnOrPartialArn() {
        String partial = arn.substring(0, arn.length() - 7);
        for (String id : List.of("app/db", arn, partial)) {
            assertThat(client.getSecretValue(b -> b.secretId(id)).secretString()).as(id).isEqualTo("v1");
            assertThat(client.describeSecret(b -> b.secretId(id)).arn()).as(id).isEqualTo(arn);
        }
        assertThatThrownBy(() -> client.describeSecret(b -> b.secretId("app/other")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.describeSecret(b -> b.secretId(partial + "-XXXXXX")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void creatingASecretTwiceIsResourceExists() {
        assertThatThrownBy(() -> client.createSecret(b -> b.name("app/db").secretString("x")))
                .isInstanceOf(ResourceExistsException.class);
    }

    @Test
    void aNewCurrentValueMovesAwsPreviousToTheVersionItLeft() {
        String second = put("v2");
        assertThat(stages()).containsOnly(Map.entry(second, List.of("AWSCURRENT")),
                Map.entry(first, List.of("AWSPREVIOUS")));

        String third = put("v3");

        assertThat(stages()).containsOnly(Map.entry(third, List.of("AWSCURRENT")),
                Map.entry(second, List.of("AWSPREVIOUS")));
        List<String> all = client.listSecretVersionIds(b -> b.secretId(arn).includeDeprecated(true)).versions()
                .stream().map(SecretVersionsListEntry::versionId).toList();
        assertThat(all).containsExactlyInAnyOrder(first, second, third);
        assertThat(client.listSecretVersionIds(b -> b.secretId(arn)).versions()).hasSize(2);
        assertThat(client.getSecretValue(b -> b.secretId(arn).versionId(first)).secretString()).isEqualTo("v1");
    }

    @Test
    void aLabelIsOnAtMostOneVersion() {
        String a = put("a", "AWSPENDING", "custom");
        String b = put("b", "custom");

        assertThat(stages().get(a)).containsExactly("AWSPENDING");
        assertThat(stages().get(b)).containsExactly("custom");
        assertThat(stages().get(first)).containsExactly("AWSCURRENT");
    }

    @Test
    void putSecretValueWithAnExistingTokenSucceedsForTheSameValueAndIsResourceExistsForAnother() {
        String token = "11111111-2222-3333-4444-555555555555";
        client.putSecretValue(b -> b.secretId(arn).clientRequestToken(token).secretString("p")
                .versionStages("AWSPENDING"));
        Map<String, List<String>> before = stages();

        var again = client.putSecretValue(b -> b.secretId(arn).clientRequestToken(token).secretString("p")
                .versionStages("AWSPENDING"));

        assertThat(again.versionId()).isEqualTo(token);
        assertThat(stages()).isEqualTo(before);
        assertThatThrownBy(() -> client.putSecretValue(b -> b.secretId(arn).clientRequestToken(token)
                .secretString("other").versionStages("AWSPENDING"))).isInstanceOf(ResourceExistsException.class);
        assertThat(client.getSecretValue(b -> b.secretId(arn).versionId(token)).secretString()).isEqualTo("p");
    }

    @Test
    void putSecretValueNeedsExactlyOneValue() {
        assertThatThrownBy(() -> client.putSecretValue(b -> b.secretId(arn)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.putSecretValue(b -> b.secretId(arn).secretString("x").secretBinary(
                software.amazon.awssdk.core.SdkBytes.fromUtf8String("y"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aBinarySecretRoundTrips() {
        String version = client.putSecretValue(b -> b.secretId(arn).secretBinary(
                software.amazon.awssdk.core.SdkBytes.fromUtf8String("binary"))).versionId();

        var value = client.getSecretValue(b -> b.secretId(arn).versionId(version));
        assertThat(value.secretBinary().asUtf8String()).isEqualTo("binary");
        assertThat(value.secretString()).isNull();
    }

    @Test
    void aClientRequestTokenMustHave32To64Characters() {
        assertThatThrownBy(() -> client.putSecretValue(b -> b.secretId(arn).clientRequestToken("short")
                .secretString("x"))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void movingALabelAttachedElsewhereRequiresRemoveFromVersionId() {
        String second = put("v2", "AWSPENDING");

        assertThatThrownBy(() -> client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSCURRENT")
                .moveToVersionId(second))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSCURRENT")
                .moveToVersionId(second).removeFromVersionId(second))).isInstanceOf(InvalidParameterException.class);
        assertThat(versionWith("AWSCURRENT")).isEqualTo(first);

        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSCURRENT").moveToVersionId(second)
                .removeFromVersionId(first));

        assertThat(stages()).containsOnly(Map.entry(second, List.of("AWSPENDING", "AWSCURRENT")),
                Map.entry(first, List.of("AWSPREVIOUS")));
    }

    @Test
    void aLabelAttachedNowhereMovesWithoutRemoveFromVersionId() {
        String second = put("v2", "AWSPENDING");
        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("custom").moveToVersionId(second));
        assertThat(stages().get(second)).containsExactly("AWSPENDING", "custom");
    }

    @Test
    void removingALabelWithoutATargetDetachesIt() {
        String second = put("v2", "AWSPENDING");

        client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").removeFromVersionId(second));

        assertThat(stages()).containsOnlyKeys(first);
        assertThatThrownBy(() -> client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING")
                .removeFromVersionId(second))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSCURRENT")
                .removeFromVersionId(first))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void getSecretValueWithBothVersionIdAndAMismatchedStageIsResourceNotFound() {
        String second = put("v2", "AWSPENDING");

        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn).versionId(second)
                .versionStage("AWSCURRENT"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.getSecretValue(b -> b.secretId(arn).versionId(second).versionStage("AWSPENDING"))
                .secretString()).isEqualTo("v2");
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn).versionStage("AWSPREVIOUS")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn)
                .versionId("99999999-2222-3333-4444-555555555555"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateSecretWithAValueCreatesACurrentVersionAndRefusesAnExistingToken() {
        String second = client.updateSecret(b -> b.secretId(arn).secretString("v2")).versionId();

        assertThat(stages()).containsOnly(Map.entry(second, List.of("AWSCURRENT")),
                Map.entry(first, List.of("AWSPREVIOUS")));
        assertThatThrownBy(() -> client.updateSecret(b -> b.secretId(arn).clientRequestToken(second)
                .secretString("v2"))).isInstanceOf(ResourceExistsException.class);

        client.updateSecret(b -> b.secretId(arn).description("metadata only"));

        assertThat(stages()).hasSize(2);
        assertThat(client.describeSecret(b -> b.secretId(arn)).description()).isEqualTo("metadata only");
    }

    @Test
    void aDeletedSecretRefusesValueOperationsUntilRestored() {
        var deleted = client.deleteSecret(b -> b.secretId(arn).recoveryWindowInDays(7L));
        assertThat(deleted.deletionDate()).isAfter(Instant.now().plus(Duration.ofDays(6)));

        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(arn)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> put("v2")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN("arn:fn")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.createSecret(b -> b.name("app/db").secretString("x")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.deleteSecret(b -> b.secretId(arn)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(client.describeSecret(b -> b.secretId(arn)).deletedDate()).isNotNull();

        client.restoreSecret(b -> b.secretId(arn));

        assertThat(client.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("v1");
        assertThat(client.describeSecret(b -> b.secretId(arn)).deletedDate()).isNull();
    }

    @Test
    void aSecretIsGoneAfterItsRecoveryWindowOrAForcedDeletion() {
        Instant now = Instant.now();
        local.engine().useClock(Clock.fixed(now, ZoneOffset.UTC));
        client.deleteSecret(b -> b.secretId(arn).recoveryWindowInDays(7L));
        local.engine().useClock(Clock.fixed(now.plus(Duration.ofDays(7)), ZoneOffset.UTC));

        assertThatThrownBy(() -> client.describeSecret(b -> b.secretId(arn)))
                .isInstanceOf(ResourceNotFoundException.class);

        String other = local.createSecret("app/other", "x");
        client.deleteSecret(b -> b.secretId(other).forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(other)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(local.createSecret("app/other", "y")).isNotEqualTo(other);
    }

    @Test
    void deletionParametersAreValidated() {
        assertThatThrownBy(() -> client.deleteSecret(b -> b.secretId(arn).recoveryWindowInDays(6L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.deleteSecret(b -> b.secretId(arn).recoveryWindowInDays(31L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.deleteSecret(b -> b.secretId(arn).recoveryWindowInDays(7L)
                .forceDeleteWithoutRecovery(true))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listSecretVersionIdsPages() {
        for (int i = 0; i < 4; i++) {
            put("v" + i, "label" + i);
        }
        var page = client.listSecretVersionIds(b -> b.secretId(arn).maxResults(2));
        assertThat(page.versions()).hasSize(2);
        String next = page.nextToken();
        assertThat(next).isNotNull();
        var rest = client.listSecretVersionIds(b -> b.secretId(arn).maxResults(10).nextToken(next));
        assertThat(rest.versions()).hasSize(3);
        assertThat(rest.nextToken()).isNull();
    }

    @Test
    void labellessVersionsAreCleanedUpPastTheQuotaButNeverBefore24Hours() {
        Instant start = Instant.now();
        local.engine().useClock(Clock.fixed(start, ZoneOffset.UTC));
        for (int i = 2; i <= 100; i++) {
            put("v" + i);
        }
        assertThat(local.engine().versionIds(arn)).hasSize(100);
        assertThatThrownBy(() -> put("too soon")).isInstanceOf(
                software.amazon.awssdk.services.secretsmanager.model.LimitExceededException.class);

        local.engine().useClock(Clock.fixed(start.plus(Duration.ofHours(24)), ZoneOffset.UTC));
        String latest = put("v101");

        List<String> versions = local.engine().versionIds(arn);
        assertThat(versions).hasSize(100).doesNotContain(first).contains(latest);
        assertThat(stages()).hasSize(2);
    }

    @Test
    void versionsOlderThanADayMakeRoomUnderALowerQuota() {
        local.engine().maxVersions(10);
        Instant start = Instant.now();
        for (int i = 0; i < 40; i++) {
            local.engine().useClock(Clock.fixed(start.plus(Duration.ofHours(3L * i)), ZoneOffset.UTC));
            put("v" + i);
        }
        assertThat(local.engine().versionIds(arn)).hasSizeLessThanOrEqualTo(10);
        assertThat(versionWith("AWSCURRENT")).isNotNull();
        assertThat(versionWith("AWSPREVIOUS")).isNotNull();
    }

    @Test
    void aVersionCarriesAtMostTwentyLabels() {
        for (int i = 1; i < 20; i++) {
            int n = i;
            client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("label" + n).moveToVersionId(first));
        }
        assertThat(stages().get(first)).hasSize(20);

        assertThatThrownBy(() -> client.updateSecretVersionStage(b -> b.secretId(arn).versionStage("one-too-many")
                .moveToVersionId(first))).isInstanceOf(
                software.amazon.awssdk.services.secretsmanager.model.LimitExceededException.class);
    }

    @Test
    void aSecretValueIsAtMost64KiB() {
        assertThat(put("x".repeat(65_536))).isNotNull();
        assertThatThrownBy(() -> put("x".repeat(65_537))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aNameIsValidated() {
        assertThatThrownBy(() -> client.createSecret(b -> b.name("bad name!").secretString("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.createSecret(b -> b.name("n".repeat(513)).secretString("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(client.createSecret(b -> b.name("path/to_a+b=c.d@e-f").secretString("x")).arn()).isNotNull();
    }

    @Test
    void aSecretCreatedWithoutAValueHasNoVersion() {
        String empty = client.createSecret(b -> b.name("empty")).arn();

        assertThat(client.describeSecret(b -> b.secretId(empty)).versionIdsToStages()).isEmpty();
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(empty)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
