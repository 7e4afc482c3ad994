package dev.rotor.spi;

import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretValue;

/**
 * The target-specific half of a rotation function: it makes, applies and tests a credential, and cleans up after
 * the new one became current. {@link dev.rotor.RotationHandler} owns everything else: the event, the pre-checks,
 * the Secrets Manager calls and every label move.
 *
 * <h2>When each method is called</h2>
 * <ul>
 *   <li>{@link #createPending} in createSecret, only when the token's version has no value yet. The handler
 *       stores what it returns as the AWSPENDING version.</li>
 *   <li>{@link #apply} in setSecret: make the pending credential valid in the target.</li>
 *   <li>{@link #verify} in testSecret: prove the pending credential works. It may also be the only step of a
 *       rotation (RotateImmediately=false), so it must not assume that the other steps ran.</li>
 *   <li>{@link #afterFinish} in finishSecret, after AWSCURRENT moved to the pending version: for example,
 *       revoke the replaced API key.</li>
 * </ul>
 *
 * <h2>Idempotency</h2>
 * Secrets Manager retries a failed rotation from the start, and a step may run again after it failed at any
 * point, or after it succeeded. {@link #apply} must succeed when run again after it succeeded or half-succeeded;
 * {@link #verify} must change nothing; {@link #afterFinish} must tolerate running again.
 * {@link #createPending} is called again only if an earlier call's value was never stored.
 *
 * <h2>Errors</h2>
 * Throw a {@link dev.rotor.RotationException} (with a code such as {@code LOGIN_FAILED} or
 * {@code CREDENTIAL_TEST_FAILED}) whose message names what failed, and never a password or secret value. Any
 * exception fails the step, so that Secrets Manager retries; the handler does not swallow any.
 *
 * <h2>Threads</h2>
 * One handler instance serves one invocation at a time, but is reused across invocations: keep no state between
 * calls other than immutable configuration and thread-safe resources.
 *
 * <pre>{@code
 * public final class ApiKeyChanger implements CredentialChanger {
 *     public Secret createPending(RotationContext ctx) {
 *         return ctx.current().with("apiKey", service.issueKey());   // the target issues the credential
 *     }
 *     public void apply(RotationContext ctx) { }                       // already valid when issued
 *     public void verify(RotationContext ctx) { service.ping(ctx.pending().requireSecret("apiKey")); }
 *     public void afterFinish(RotationContext ctx) { service.revoke(ctx.current().requireSecret("apiKey")); }
 * }
 * }</pre>
 */
@Beta
public interface CredentialChanger {
    /** The {@code password} key of a secret, which the default {@link #createPending} replaces. */
    String PASSWORD = "password";

    /**
     * Builds the pending value. The default copies the current JSON value and replaces only its {@code password}
     * with a new one from the context's generator (Secrets Manager's {@code GetRandomPassword} with the configured
     * policy), so every other key, known or not, survives. A plain-string current value is replaced by a new
     * plain-string password.
     *
     * <p>Override it for a credential the target issues itself (an API key, a key pair): call the target, and
     * return {@code context.current().with("apiKey", issued)}. Return a value that differs from the current one;
     * the handler refuses to store the current value again.
     */
    default Secret createPending(RotationContext context) {
        Secret current = context.current();
        SecretValue password = context.passwords().generate(context.passwordPolicy());
        return current.isJson() ? current.with(PASSWORD, password) : Secret.plain(password);
    }

    /** Makes the pending credential valid in the target (setSecret). Must be idempotent. */
    void apply(RotationContext context);

    /** Proves that the pending credential works in the target (testSecret). Must change nothing. */
    void verify(RotationContext context);

    /** Runs after AWSCURRENT moved to the pending version (finishSecret). Does nothing by default. */
    default void afterFinish(RotationContext context) {
    }
}
