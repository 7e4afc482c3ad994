package dev.rotor;

/**
 * The secret's rotation state does not allow the step: rotation disabled, an unknown token, a token that is not
 * pending, a missing AWSCURRENT, or labels left in an illegal state.
 */
public class RotationStateException extends RotationException {
    private static final long serialVersionUID = 1L;

    public RotationStateException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
