package dev.rotor.testing;

/** What runs a rotation once {@code RotateSecret} has prepared it: the {@link RotationSimulator}. */
interface RotationDriver {
    /**
     * Refuses, before anything changes, a function that cannot be invoked.
     *
     * @throws SecretsManagerError when no function is registered under the ARN
     */
    void checkFunction(String functionArn);

    /** Runs the rotation, synchronously, outside the engine's lock. */
    void rotate(String secretArn, String functionArn, String token, boolean testOnly);
}
