package dev.rotor.cli;

import static dev.rotor.secrets.SecretDescription.AWSCURRENT;
import static dev.rotor.secrets.SecretDescription.AWSPENDING;
import static dev.rotor.secrets.SecretDescription.AWSPREVIOUS;

import dev.rotor.cli.RotationState.PendingValue;
import dev.rotor.cli.RotationState.Repair;
import dev.rotor.cli.RotationState.Verdict;
import dev.rotor.cli.RotationState.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * Reads a secret's rotation state with {@code DescribeSecret}, {@code ListSecretVersionIds} and, for a stuck
 * AWSPENDING version only, one {@code GetSecretValue} whose answer is reduced to "has a value" and then dropped.
 * Works against any Secrets Manager endpoint; needs {@code secretsmanager:DescribeSecret},
 * {@code ListSecretVersionIds} and (to tell whether the pending version has a value) {@code GetSecretValue}.
 */
final class RotationInspector {
    private final SecretsManagerClient client;

    RotationInspector(SecretsManagerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Inspects the secret.
     *
     * @throws CliException when the secret does not exist or a call fails
     */
    RotationState inspect(String secretId) {
        DescribeSecretResponse secret;
        try {
            secret = client.describeSecret(b -> b.secretId(secretId));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw CliException.failure("Secret '" + secretId + "' not found (ResourceNotFoundException)", e);
            }
            throw CliException.failure("DescribeSecret failed for secret '" + secretId + "': "
                    + AwsErrors.describe(e), e);
        }
        String arn = secret.arn() == null ? secretId : secret.arn();
        List<String> findings = new ArrayList<>();
        List<Version> versions = versions(arn, secret, findings);
        Optional<String> current = labelled(versions, AWSCURRENT);
        Optional<String> pending = labelled(versions, AWSPENDING);

        Verdict verdict;
        PendingValue pendingValue = PendingValue.UNKNOWN;
        Optional<Repair> repair = Optional.empty();
        if (current.isEmpty()) {
            verdict = Verdict.NO_CURRENT_VERSION;
            findings.add("No version carries AWSCURRENT, so the secret has no current value. repair never moves"
                    + " AWSCURRENT: store a value with 'aws secretsmanager put-secret-value'.");
        } else if (pending.isEmpty()) {
            verdict = Verdict.NO_ROTATION_IN_PROGRESS;
            findings.add("No version carries AWSPENDING: no rotation is in progress (a legal end state).");
        } else if (pending.equals(current)) {
            verdict = Verdict.PENDING_ON_CURRENT;
            findings.add("AWSPENDING is on the AWSCURRENT version: the last rotation finished (a legal end state;"
                    + " the next RotateSecret moves it).");
        } else {
            verdict = Verdict.STUCK;
            Version stuck = version(versions, pending.get());
            pendingValue = pendingValue(arn, stuck.id(), findings);
            findings.add("AWSPENDING is on version " + stuck.id() + " but AWSCURRENT is on " + current.get()
                    + ": a rotation did not complete, and the next RotateSecret fails until AWSPENDING is removed.");
            explainStuck(stuck, version(versions, current.get()), pendingValue, findings);
            repair = Optional.of(new Repair(stuck.id(), stuck.labels()));
        }
        if (secret.rotationEnabled() != null && !secret.rotationEnabled()) {
            findings.add("Rotation is disabled (RotationEnabled=false): a rotation function refuses every step"
                    + " until it is enabled again.");
        } else if (secret.rotationEnabled() == null) {
            findings.add("Rotation has never been configured for this secret.");
        }
        if (secret.deletedDate() != null) {
            findings.add("The secret is scheduled for deletion (" + secret.deletedDate() + "): the service refuses"
                    + " label changes until it is restored with 'aws secretsmanager restore-secret'.");
            repair = Optional.empty();
        }
        return new RotationState(arn, secret.name() == null ? secretId : secret.name(),
                Optional.ofNullable(secret.rotationEnabled()), Optional.ofNullable(secret.rotationLambdaARN()),
                Optional.ofNullable(secret.lastRotatedDate()), Optional.ofNullable(secret.nextRotationDate()),
                Optional.ofNullable(secret.deletedDate()), versions, current, pending, pendingValue, verdict,
                findings, repair);
    }

    private static void explainStuck(Version stuck, Version current, PendingValue value, List<String> findings) {
        if (stuck.labels().contains(AWSPREVIOUS)) {
            findings.add("The AWSPENDING version is also AWSPREVIOUS: this is an old value, not a rotation in"
                    + " progress; the label was left behind or moved by hand.");
        } else if (stuck.created().isPresent() && current.created().isPresent()
                && stuck.created().get().isBefore(current.created().get())) {
            findings.add("The AWSPENDING version is older than the AWSCURRENT one: the label was left on an old"
                    + " (deprecated) version or moved there by hand.");
        }
        switch (value) {
            case ABSENT -> findings.add("The pending version has no value: the rotation stopped before"
                    + " createSecret stored one, so nothing changed in the target. Removing AWSPENDING is safe.");
            case PRESENT -> findings.add("The pending version has a value: setSecret may already have changed the"
                    + " credential in the target. If the target accepts only the pending value, finish the rotation"
                    + " instead (aws secretsmanager update-secret-version-stage --version-stage AWSCURRENT"
                    + " --move-to-version-id " + stuck.id() + " --remove-from-version-id " + current.id()
                    + "). After repair the version keeps its value and stays readable by its VersionId.");
            default -> findings.add("Whether the pending version has a value is unknown (see above); removing"
                    + " AWSPENDING keeps that version and its value, readable by its VersionId.");
        }
    }

    private PendingValue pendingValue(String arn, String versionId, List<String> findings) {
        try {
            // The value is read only to learn whether it exists; it is neither kept nor printed.
            client.getSecretValue(b -> b.secretId(arn).versionId(versionId).versionStage(AWSPENDING));
            return PendingValue.PRESENT;
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return PendingValue.ABSENT;
            }
            findings.add("GetSecretValue on the pending version failed (" + AwsErrors.describe(e) + ").");
            return PendingValue.UNKNOWN;
        }
    }

    private List<Version> versions(String arn, DescribeSecretResponse secret, List<String> findings) {
        Map<String, Version> byId = new LinkedHashMap<>();
        try {
            String next = null;
            do {
                String page = next;
                ListSecretVersionIdsResponse response = client.listSecretVersionIds(b -> b.secretId(arn)
                        .includeDeprecated(true).nextToken(page));
                for (SecretVersionsListEntry entry : response.versions()) {
                    byId.put(entry.versionId(), new Version(entry.versionId(), entry.versionStages(),
                            Optional.ofNullable(entry.createdDate())));
                }
                next = response.nextToken();
            } while (next != null && !next.isEmpty());
        } catch (AwsServiceException e) {
            findings.add("ListSecretVersionIds failed (" + AwsErrors.describe(e) + "); versions come from"
                    + " DescribeSecret only, without dates.");
        }
        // DescribeSecret is the authority on labels; ListSecretVersionIds adds dates and deprecated versions.
        secret.versionIdsToStages().forEach((id, labels) -> byId.put(id, new Version(id, labels,
                Optional.ofNullable(byId.get(id)).flatMap(Version::created))));
        List<Version> versions = new ArrayList<>(byId.values());
        versions.sort(Comparator.comparing((Version v) -> v.created().orElse(Instant.MAX)).reversed());
        return versions;
    }

    private static Optional<String> labelled(List<Version> versions, String label) {
        return versions.stream().filter(v -> v.labels().contains(label)).map(Version::id).findFirst();
    }

    private static Version version(List<Version> versions, String id) {
        return versions.stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }
}
