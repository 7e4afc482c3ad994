package dev.rotor.testing;

import dev.rotor.Step;
import java.util.List;
import java.util.Map;

/**
 * One rotation the simulator drove, as it ended.
 *
 * @param secretArn the secret's ARN
 * @param token the ClientRequestToken: the pending version id
 * @param testOnly whether it was a test-only run ({@code RotateImmediately=false}: testSecret only)
 * @param outcome how it ended
 * @param attempts how many times the rotation was started (1 when the first attempt succeeded)
 * @param invocations every step invocation, in order
 * @param finalLabels each version id with its labels when the rotation ended
 */
public record RotationRun(String secretArn, String token, boolean testOnly, Outcome outcome, int attempts,
        List<Invocation> invocations, Map<String, List<String>> finalLabels) {

    /** How a rotation ended. */
    public enum Outcome {
        /** Every step returned normally (on some attempt). */
        SUCCEEDED,
        /** A step failed on every attempt; the AWSPENDING version is left in place, as the service does. */
        FAILED,
        /** A write of a new AWSCURRENT abandoned it: AWSPENDING was removed. */
        ABANDONED,
        /** Rotation was cancelled (CancelRotateSecret) or the secret deleted while it ran. */
        CANCELLED
    }

    /**
     * One invocation of a step.
     *
     * @param step the step
     * @param attempt the rotation attempt, from 1
     * @param duplicate whether it was the second delivery of an {@code invokeTwice} fault
     * @param succeeded whether it returned normally and no fault failed it
     * @param error the exception class (and Rotor's own safe message), or the injected fault; empty on success
     */
    public record Invocation(Step step, int attempt, boolean duplicate, boolean succeeded, String error) {
    }

    public RotationRun {
        invocations = List.copyOf(invocations);
        finalLabels = Map.copyOf(finalLabels);
    }

    /** Whether the rotation succeeded. */
    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** Whether the token ended as AWSCURRENT. */
    public boolean tokenIsCurrent() {
        return finalLabels.getOrDefault(token, List.of()).contains(LocalLabels.AWSCURRENT);
    }

    /** The steps invoked, in order, for assertions such as {@code containsExactly(CREATE_SECRET, ...)}. */
    public List<Step> steps() {
        return invocations.stream().map(Invocation::step).toList();
    }
}
