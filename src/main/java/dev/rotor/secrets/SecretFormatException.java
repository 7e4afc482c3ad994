package dev.rotor.secrets;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;

/** A secret value does not have the shape that is needed: not JSON, a missing key, a key of the wrong type. */
public class SecretFormatException extends RotationException {
    private static final long serialVersionUID = 1L;

    public SecretFormatException(String message) {
        super(ErrorCode.MALFORMED_SECRET, message);
    }
}
