package dev.rotor.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The versions and labels of one secret, read and written through an SDK client, for tests' assertions. */
public final class SecretVersions {
    private final SecretsManagerClient client;
    private final String secretId;

    public SecretVersions(SecretsManagerClient client, String secretId) {
        this.client = client;
        this.secretId = secretId;
    }

    /** {@code DescribeSecret}'s VersionIdsToStages. */
    public Map<String, List<String>> stages() {
        return client.describeSecret(b -> b.secretId(secretId)).versionIdsToStages();
    }

    /** The version carrying the label, if any. */
    public Optional<String> versionWith(String stage) {
        return stages().entrySet().stream().filter(e -> e.getValue().contains(stage)).map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * {@code PutSecretValue}, with the labels given; without any, the new version becomes AWSCURRENT (and the old
     * one AWSPREVIOUS).
     *
     * @return the new version's id
     */
    public String put(String value, String... stages) {
        return client.putSecretValue(b -> {
            b.secretId(secretId).secretString(value);
            if (stages.length > 0) {
                b.versionStages(stages);
            }
        }).versionId();
    }
}
