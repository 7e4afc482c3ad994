package dev.rotor.secrets;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code DescribeSecret} says about a secret's rotation state.
 *
 * @param arn the secret's full ARN
 * @param rotationEnabled the {@code RotationEnabled} flag, empty when the service did not report it
 * @param versionStages each version id with its labels
 */
public record SecretDescription(
        String arn, Optional<Boolean> rotationEnabled, Map<String, List<String>> versionStages) {
    public static final String AWSCURRENT = "AWSCURRENT";
    public static final String AWSPENDING = "AWSPENDING";
    public static final String AWSPREVIOUS = "AWSPREVIOUS";

    public SecretDescription {
        Objects.requireNonNull(arn, "arn");
        rotationEnabled = rotationEnabled == null ? Optional.empty() : rotationEnabled;
        versionStages = Map.copyOf(versionStages);
    }

    /** The labels of a version, empty when it is not a version of this secret. */
    public Set<String> stagesOf(String versionId) {
        return Set.copyOf(versionStages.getOrDefault(versionId, List.of()));
    }

    /** Whether the version carries the label. */
    public boolean hasStage(String versionId, String stage) {
        return versionStages.getOrDefault(versionId, List.of()).contains(stage);
    }

    /** The version that carries the label. */
    public Optional<String> versionWith(String stage) {
        return versionStages.entrySet().stream()
                .filter(entry -> entry.getValue().contains(stage))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
