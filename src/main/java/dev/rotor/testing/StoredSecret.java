package dev.rotor.testing;

import static dev.rotor.testing.LocalLabels.AWSCURRENT;
import static dev.rotor.testing.LocalLabels.AWSPENDING;
import static dev.rotor.testing.LocalLabels.AWSPREVIOUS;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One secret of the in-memory service. Guarded by the engine's lock; never handed out. */
final class StoredSecret {
    static final int MAX_LABELS_PER_VERSION = 20;
    private static final Duration VERSION_MIN_AGE = Duration.ofHours(24);

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
        return withStage(AWSPENDING).filter(v -> !v.stages.contains(AWSCURRENT));
    }

    /**
     * Attaches the label to the version, taking it from the version that has it. When AWSCURRENT moves, AWSPREVIOUS
     * moves to the version it left; a value {@code write} (PutSecretValue, UpdateSecret) that moves it also abandons
     * a rotation in progress on another version.
     */
    void attach(String stage, Version target, boolean write, Timeline timeline) {
        checkLabel(stage);
        Optional<Version> holder = withStage(stage);
        if (holder.isPresent() && holder.get() == target) {
            return;
        }
        if (!target.stages.contains(stage) && target.stages.size() >= MAX_LABELS_PER_VERSION) {
            throw SecretsManagerError.limitExceeded("A version can have at most " + MAX_LABELS_PER_VERSION
                    + " staging labels.");
        }
        Optional<Version> pending = rotationInProgress();
        holder.ifPresent(v -> v.stages.remove(stage));
        target.stages.add(stage);
        if (stage.equals(AWSCURRENT)) {
            if (holder.isPresent()) {
                withStage(AWSPREVIOUS).ifPresent(v -> v.stages.remove(AWSPREVIOUS));
                holder.get().stages.add(AWSPREVIOUS);
            }
            if (pending.isPresent() && pending.get() != target && write) {
                pending.get().stages.remove(AWSPENDING);
                abandoned.add(pending.get().id);
                timeline.record(Timeline.Kind.ROTATION_ABANDONED, "RotationAbandoned", arn,
                        Map.of("token", pending.get().id, "newCurrent", target.id), stages());
            }
        }
    }

    /** Deletes labelless versions older than 24 hours, oldest first, until there is room for one more. */
    void makeRoom(Instant now, int maxVersions) {
        if (versions.size() < maxVersions) {
            return;
        }
        Instant cutoff = now.minus(VERSION_MIN_AGE);
        List<Version> candidates = new ArrayList<>(versions.values().stream()
                .filter(v -> v.stages.isEmpty() && !v.created.isAfter(cutoff)).toList());
        candidates.sort(Comparator.comparing(v -> v.created));
        Iterator<Version> oldest = candidates.iterator();
        while (versions.size() >= maxVersions && oldest.hasNext()) {
            versions.remove(oldest.next().id);
        }
        if (versions.size() >= maxVersions) {
            throw SecretsManagerError.limitExceeded("You have exceeded the maximum number of versions (" + maxVersions
                    + ") for secret " + name + "; versions younger than 24 hours are never removed.");
        }
    }

    static void checkLabel(String stage) {
        if (stage.isEmpty() || stage.length() > 256) {
            throw SecretsManagerError.invalidParameter("A staging label must be 1 to 256 characters");
        }
    }

    /** Each version that has labels, with its labels, in creation order. */
    Map<String, List<String>> stages() {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        versions.values().stream().filter(v -> !v.stages.isEmpty())
                .forEach(v -> stages.put(v.id, List.copyOf(v.stages)));
        return stages;
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
