package dev.rotor.secrets;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import java.util.Optional;

/** A Secrets Manager API call failed. The message names the operation, the secret and the service's error code. */
public class SecretsManagerException extends RotationException {
    private static final long serialVersionUID = 1L;

    private final String awsErrorCode;

    public SecretsManagerException(String message, String awsErrorCode, Throwable cause) {
        super(ErrorCode.SECRETS_MANAGER_ERROR, message, cause);
        this.awsErrorCode = awsErrorCode;
    }

    /** The service's error code, such as {@code ThrottlingException}, when it sent one. */
    public Optional<String> awsErrorCode() {
        return Optional.ofNullable(awsErrorCode);
    }
}
