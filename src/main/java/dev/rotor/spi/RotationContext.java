package dev.rotor.spi;

import dev.rotor.Step;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import java.util.Optional;

/**
 * What a changer is given for one step. Values are read from Secrets Manager lazily, on first use, and at most
 * once per step, so a changer that does not need a value costs no API call.
 */
@Beta
public interface RotationContext {
    /** The full ARN of the secret being rotated. */
    String secretArn();

    /** The event's ClientRequestToken: the version id of the pending value. */
    String token();

    /** The step being run. */
    Step step();

    /**
     * The value labelled AWSCURRENT when this step began. During {@link CredentialChanger#afterFinish} this is the
     * value that was just replaced (now labelled AWSPREVIOUS).
     *
     * @throws dev.rotor.RotationException with {@code CURRENT_VERSION_MISSING} when there is none
     */
    Secret current();

    /**
     * The pending value: the token's version. During {@link CredentialChanger#afterFinish} it is the new current
     * value.
     *
     * @throws dev.rotor.RotationException with {@code PENDING_VERSION_MISSING} when the version has no value
     */
    Secret pending();

    /**
     * The value labelled AWSPREVIOUS, or empty when there is none or it cannot be read. A missing or unreadable
     * previous value is never an error. It is read when first asked for: in every step but finishSecret that is the
     * value labelled AWSPREVIOUS when the step began; during {@link CredentialChanger#afterFinish} the labels have
     * moved, and it is the value just replaced, the same as {@link #current()}.
     */
    Optional<Secret> previous();

    /**
     * The AWSCURRENT value of another secret, such as the superuser secret named by {@code masterarn}.
     *
     * @throws dev.rotor.RotationException when it does not exist or cannot be read
     */
    Secret otherSecret(String secretId);

    /** Names the step, secret and token, for messages: never a value. */
    default String describe() {
        return step() + " of " + secretArn() + " (token " + token() + ")";
    }

    /** The configured password policy (the {@code PASSWORD_LENGTH} and {@code EXCLUDE_*} settings). */
    PasswordPolicy passwordPolicy();

    /** The generator of new passwords. */
    PasswordGenerator passwords();

    /** The time this step may still take. */
    TimeBudget budget();
}
