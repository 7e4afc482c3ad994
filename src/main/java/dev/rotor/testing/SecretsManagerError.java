package dev.rotor.testing;

import java.util.Objects;

/**
 * An error the local Secrets Manager answers with, as the real service does: an error type (the wire
 * {@code __type}, such as {@code ResourceNotFoundException}), an HTTP status and a message. Over HTTP it becomes
 * the SDK exception of the same name ({@code software.amazon.awssdk.services.secretsmanager.model.*}); types the SDK
 * does not model, such as {@code ThrottlingException}, become a plain {@code SecretsManagerException} carrying the
 * code. Messages never contain a secret value.
 */
public final class SecretsManagerError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    /** An error of the given wire type, HTTP status and message. */
    public SecretsManagerError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.status = status;
    }

    /** {@code ResourceNotFoundException} (400). */
    public static SecretsManagerError notFound(String message) {
        return new SecretsManagerError("ResourceNotFoundException", 400, message);
    }

    /** {@code InvalidRequestException} (400): the request is valid but not in the secret's current state. */
    public static SecretsManagerError invalidRequest(String message) {
        return new SecretsManagerError("InvalidRequestException", 400, message);
    }

    /** {@code InvalidParameterException} (400): a parameter is malformed or out of range. */
    public static SecretsManagerError invalidParameter(String message) {
        return new SecretsManagerError("InvalidParameterException", 400, message);
    }

    /** {@code ResourceExistsException} (400). */
    public static SecretsManagerError exists(String message) {
        return new SecretsManagerError("ResourceExistsException", 400, message);
    }

    /** {@code LimitExceededException} (400). */
    public static SecretsManagerError limitExceeded(String message) {
        return new SecretsManagerError("LimitExceededException", 400, message);
    }

    /** {@code ThrottlingException} (400), which the SDK retries with back-off. */
    public static SecretsManagerError throttling() {
        return new SecretsManagerError("ThrottlingException", 400, "Rate exceeded");
    }

    /** {@code InternalServiceError} (500), which the SDK retries. */
    public static SecretsManagerError internal(String message) {
        return new SecretsManagerError("InternalServiceError", 500, message);
    }

    /** {@code DecryptionFailure} (400). */
    public static SecretsManagerError decryptionFailure(String message) {
        return new SecretsManagerError("DecryptionFailure", 400, message);
    }

    /** {@code EncryptionFailure} (400). */
    public static SecretsManagerError encryptionFailure(String message) {
        return new SecretsManagerError("EncryptionFailure", 400, message);
    }

    /** The wire error type, for example {@code ResourceNotFoundException}. */
    public String type() {
        return type;
    }

    /** The HTTP status: 400, or 500 for {@code InternalServiceError}. */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return type + " (HTTP " + status + "): " + getMessage();
    }
}
