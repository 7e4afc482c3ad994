/**
 * The test kit: a local Secrets Manager, a rotation simulator and an in-memory rotation context, for testing
 * rotation functions without an AWS account. Depend on Rotor in test scope and start one with
 * {@link dev.rotor.testing.LocalSecretsManager#start()} (or the JUnit 5
 * {@link dev.rotor.testing.LocalSecretsManagerExtension}).
 *
 * <ul>
 *   <li>{@link dev.rotor.testing.InMemorySecretsManager}: the service's state and rules (labels, versions,
 *       idempotency, errors, limits), safe under concurrent calls.</li>
 *   <li>{@link dev.rotor.testing.LocalSecretsManager}: that service on loopback over the JSON 1.1 protocol, so the
 *       unmodified AWS SDK v2 client works against it, with a ready client.</li>
 *   <li>{@link dev.rotor.testing.RotationSimulator}: {@code RotateSecret} drives a registered function through the
 *       four steps as the service does, with retries and the test-only run; every run is a
 *       {@link dev.rotor.testing.RotationRun} and every call and step is in the masked
 *       {@link dev.rotor.testing.Timeline}.</li>
 *   <li>{@link dev.rotor.testing.Faults}: fail, throttle or delay the nth call of an operation; fail a step before
 *       or after its side effect; invoke a step twice; write a new AWSCURRENT mid-rotation.</li>
 *   <li>{@link dev.rotor.testing.ConformanceCheck}: the fault matrix and the invariants a rotation function must
 *       keep, for changer authors.</li>
 *   <li>{@link dev.rotor.testing.TestRotationContext}: an in-memory {@link dev.rotor.spi.RotationContext} for
 *       unit-testing one step of a changer without any service.</li>
 * </ul>
 */
package dev.rotor.testing;
