/**
 * The rotation handler and what a user touches first.
 *
 * <p>{@link dev.rotor.RotationHandler} implements the AWS Secrets Manager rotation protocol once:
 * event parsing, the pre-checks, createSecret, finishSecret and the label moves. A
 * {@link dev.rotor.spi.CredentialChanger} does the target-specific work. {@link dev.rotor.RotorConfig}
 * holds every setting read from the environment, and {@link dev.rotor.RotationException} is the root
 * of every error Rotor throws.
 */
package dev.rotor;
