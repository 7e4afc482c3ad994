package dev.rotor.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One secret of the in-memory service. Guarded by the engine's lock; never handed out. */
final class StoredSecret {
    final String name;
    final String arn;
    final Instant created;
    String description;
    String kmsKeyId;
    ArrayNode tags;
    Instant lastChanged;
    Instant lastAccessed;
    Instant deletedDate;
    Instant deletionDate;
    Boolean rotationEnabled;
    String lambdaArn;
    ObjectNode rotationRules;
    Instant lastRotated;
    Instant nextRotation;
    /** In creation order. */
    final Map<String, Version> versions = new LinkedHashMap<>();
    final Set<String> rotationTokens = new HashSet<>();
    /** Pending versions whose rotation was abandoned by a write of a new AWSCURRENT. */
    final Set<String> abandoned = new HashSet<>();

    StoredSecret(String name, String arn, Instant created) {
        this.name = name;
        this.arn = arn;
        this.created = created;
        this.lastChanged = created;
    }

    boolean isDeleted() {
        return deletedDate != null;
    }

    Optional<Version> withStage(String stage) {
        return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst();
    }

    Optional<String> versionIdWith(String stage) {
        return withStage(stage).map(v -> v.id);
    }

    /** The version carrying AWSPENDING but not AWSCURRENT: a rotation in progress. */
    Optional<Version> rotationInProgress() {
        return withStage(LocalLabels.AWSPENDING).filter(v -> !v.stages.contains(LocalLabels.AWSCURRENT));
    }

    /** One version: a value (or none, for the placeholder RotateSecret creates) and its labels. */
    static final class Version {
        final String id;
        final Instant created;
        final Set<String> stages = new LinkedHashSet<>();
        String secretString;
        String secretBinary;
        Instant lastAccessed;

        Version(String id, Instant created) {
            this.id = id;
            this.created = created;
        }

        boolean hasValue() {
            return secretString != null || secretBinary != null;
        }

        boolean sameValue(String string, String binary) {
            return java.util.Objects.equals(secretString, string) && java.util.Objects.equals(secretBinary, binary);
        }
    }
}
