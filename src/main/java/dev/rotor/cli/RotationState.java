package dev.rotor.cli;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret's rotation state as {@code inspect} reports it. Holds labels, dates and version ids, never a value.
 *
 * @param arn the secret's ARN
 * @param name the secret's name
 * @param rotationEnabled the {@code RotationEnabled} flag, empty when the service did not report one
 * @param rotationLambdaArn the rotation function, when configured
 * @param lastRotated {@code LastRotatedDate}, empty when it never rotated
 * @param nextRotation {@code NextRotationDate}, when scheduled
 * @param deletion {@code DeletedDate}: when the secret is scheduled for deletion
 * @param versions every version, newest first, deprecated ones (no labels) included
 * @param currentVersion the version carrying AWSCURRENT
 * @param pendingVersion the version carrying AWSPENDING
 * @param pendingValue whether the AWSPENDING version has a value (only looked up when it is not AWSCURRENT)
 * @param verdict the summary
 * @param findings explanations, one sentence each, in the order to read them
 * @param repair the safe repair, when there is one
 */
record RotationState(
        String arn,
        String name,
        Optional<Boolean> rotationEnabled,
        Optional<String> rotationLambdaArn,
        Optional<Instant> lastRotated,
        Optional<Instant> nextRotation,
        Optional<Instant> deletion,
        List<Version> versions,
        Optional<String> currentVersion,
        Optional<String> pendingVersion,
        PendingValue pendingValue,
        Verdict verdict,
        List<String> findings,
        Optional<Repair> repair) {

    RotationState {
        Objects.requireNonNull(arn, "arn");
        versions = List.copyOf(versions);
        findings = List.copyOf(findings);
    }

    /** What the labels mean. */
    enum Verdict {
        /** No version carries AWSPENDING: a legal end state. */
        NO_ROTATION_IN_PROGRESS(true),
        /** AWSPENDING is on the AWSCURRENT version: a legal end state. */
        PENDING_ON_CURRENT(true),
        /** AWSPENDING is on a version without AWSCURRENT: the next RotateSecret fails until it is removed. */
        STUCK(false),
        /** No version carries AWSCURRENT: the secret has no usable value; repair cannot fix this. */
        NO_CURRENT_VERSION(false);

        private final boolean legal;

        Verdict(boolean legal) {
            this.legal = legal;
        }

        /** Whether this is one of the two end states the service allows. */
        boolean legal() {
            return legal;
        }
    }

    /** Whether the AWSPENDING version has a value. */
    enum PendingValue {
        /** GetSecretValue on it returned a value (not kept, not printed). */
        PRESENT,
        /** GetSecretValue on it answered ResourceNotFoundException. */
        ABSENT,
        /** Not looked up (no stuck AWSPENDING) or the lookup failed (for example access denied). */
        UNKNOWN
    }

    /**
     * One version of the secret.
     *
     * @param id the VersionId
     * @param labels its staging labels; empty for a deprecated version
     * @param created {@code CreatedDate}, when reported
     */
    record Version(String id, List<String> labels, Optional<Instant> created) {
        Version {
            Objects.requireNonNull(id, "id");
            labels = List.copyOf(labels);
        }
    }

    /**
     * The safe repair: remove AWSPENDING from one version, which does not carry AWSCURRENT.
     *
     * @param versionId the version that loses AWSPENDING
     * @param labelsBefore its labels now
     */
    record Repair(String versionId, List<String> labelsBefore) {
        Repair {
            Objects.requireNonNull(versionId, "versionId");
            labelsBefore = List.copyOf(labelsBefore);
        }
    }
}
