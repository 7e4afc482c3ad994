/**
 * Secrets Manager access and the secret model.
 *
 * <p>{@link dev.rotor.secrets.Secret} is a secret's value: a JSON object with typed accessors that carries unknown
 * keys through untouched, or a plain string. {@link dev.rotor.secrets.SecretValue} holds one sensitive string and
 * never prints it. {@link dev.rotor.secrets.SecretStore} is the handful of Secrets Manager calls a rotation makes,
 * with errors translated into {@link dev.rotor.RotationException}s that name the operation and the secret.
 */
package dev.rotor.secrets;
