/**
 * The {@code rotor} command-line program: {@code demo}, {@code serve}, {@code rotate}, {@code inspect} and
 * {@code repair}.
 *
 * <p>{@link dev.rotor.cli.RotorCli} is the entry point of the runnable jar ({@code target/rotor-cli.jar}). Each
 * command is a {@link dev.rotor.cli.Command}; {@link dev.rotor.cli.Arguments} is the small option parser they
 * share. {@link dev.rotor.cli.RotationInspector} reads a secret's rotation state from any Secrets Manager
 * endpoint and names the safe repair; {@code repair} applies it only with {@code --confirm}. Nothing here prints a
 * secret value. This package is a program, not an API: it has no compatibility promise.
 */
package dev.rotor.cli;
