package dev.rotor;

/**
 * What went wrong, as a stable code. Every {@link RotationException} carries one, so callers and alarms can
 * branch on the code instead of parsing messages.
 */
public enum ErrorCode {
    /** The invocation event is malformed: unknown step, missing secret id or token. */
    INVALID_EVENT,
    /** Rotor's configuration (environment variables or constructor arguments) is invalid. */
    INVALID_CONFIGURATION,
    /** The secret has rotation turned off. */
    ROTATION_DISABLED,
    /** The event's token is not a version of the secret. */
    TOKEN_NOT_A_VERSION,
    /** The event's token is a version, but it carries neither AWSCURRENT nor AWSPENDING. */
    TOKEN_NOT_PENDING,
    /** The secret has no AWSCURRENT version with a value. */
    CURRENT_VERSION_MISSING,
    /** The pending version has no value when the step needs one. */
    PENDING_VERSION_MISSING,
    /** A secret value does not have the shape the changer needs (not JSON, missing or mistyped keys). */
    MALFORMED_SECRET,
    /** The pending value contradicts the current one in a way that is refused (for example another host). */
    UNSAFE_PENDING_VALUE,
    /** The secret names a database engine this changer does not handle. */
    UNSUPPORTED_ENGINE,
    /** A Secrets Manager API call failed. */
    SECRETS_MANAGER_ERROR,
    /** No credential could log in to the target. */
    LOGIN_FAILED,
    /** The target refused to apply the pending credential. */
    CREDENTIAL_CHANGE_FAILED,
    /** The pending credential does not work in the target. */
    CREDENTIAL_TEST_FAILED,
    /** The step ran out of its time budget before the Lambda timeout. */
    TIME_BUDGET_EXCEEDED,
    /** The labels are not in the state the protocol requires. */
    ILLEGAL_LABEL_STATE,
    /** The changer failed for a reason of its own. */
    CHANGER_FAILED
}
