package com.example.rotation.apikey;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The rotation function of an API-key secret. In SAM:
 * {@code Handler: com.example.rotation.apikey.ApiKeyRotationHandler::handleRequest}.
 */
public final class ApiKeyRotationHandler extends RotationHandler {
    /** Configured from the environment (Lambda). */
    public ApiKeyRotationHandler() {
        super(new ApiKeyChanger());
    }

    /** With a given Secrets Manager client and configuration, for tests. */
    public ApiKeyRotationHandler(SecretsManagerClient client, RotorConfig config) {
        super(new ApiKeyChanger(), client, config);
    }
}
