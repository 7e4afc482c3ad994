package dev.rotor.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into one readable line. The SDK's messages hold no secret values. */
final class AwsErrors {
    private AwsErrors() {
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            return code + " (HTTP " + service.statusCode() + ")" + (message == null ? "" : ": " + message);
        }
        if (e instanceof SdkClientException) {
            if (String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
                return "no AWS credentials found by the default chain (environment, ~/.aws profiles, SSO, container"
                        + " or instance role); for a local Secrets Manager pass --endpoint http://localhost:PORT";
            }
            if (String.valueOf(e.getMessage()).startsWith("Unable to load region")) {
                return "no AWS region configured; pass --region or set AWS_REGION";
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException || cause instanceof UnknownHostException
                        || cause instanceof HttpTimeoutException) {
                    return "cannot reach the Secrets Manager endpoint (" + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
                }
            }
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Whether the service answered that the secret (or version) does not exist. */
    static boolean isNotFound(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && "ResourceNotFoundException".equals(service.awsErrorDetails().errorCode());
    }
}
