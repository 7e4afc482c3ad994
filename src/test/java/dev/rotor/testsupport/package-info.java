/**
 * Helpers shared by Rotor's own tests across packages: the in-memory labels that drive a changer step by step
 * ({@link dev.rotor.testsupport.ScriptedRotation}) and the capture of log output ({@link
 * dev.rotor.testsupport.LogCapture}). What users need for their own tests lives in {@code dev.rotor.testing}.
 */
package dev.rotor.testsupport;
