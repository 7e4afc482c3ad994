/**
 * The credential changer contract: what a rotation function implements for its target.
 *
 * <p>A {@link dev.rotor.spi.CredentialChanger} produces the new credential, applies it, tests it and cleans up
 * after the labels have moved. {@link dev.rotor.RotationHandler} calls it with a
 * {@link dev.rotor.spi.RotationContext} that holds the secret's values, a {@link dev.rotor.spi.TimeBudget} and a
 * {@link dev.rotor.spi.PasswordGenerator}. Everything here is {@link dev.rotor.spi.Beta} until 1.0.
 */
@Beta
package dev.rotor.spi;
