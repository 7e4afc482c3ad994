package dev.rotor;

import java.util.Objects;

/**
 * The root of every exception Rotor throws. It is unchecked: a failed step must fail the invocation, so that
 * Secrets Manager sees the failure and retries the rotation.
 *
 * <p>Messages carry every safe fact (secret ARN, step, token, host, user name, SQLState) and never a password,
 * secret value or RotationToken.
 */
public class RotationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public RotationException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public RotationException(ErrorCode errorCode, String message, Throwable cause) {
        super("[" + Objects.requireNonNull(errorCode, "errorCode") + "] " + message, cause);
        this.errorCode = errorCode;
    }

    /** The stable code of this failure. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
