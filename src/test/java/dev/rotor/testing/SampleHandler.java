package dev.rotor.testing;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.spi.CredentialChanger;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A rotation handler around any changer, talking to the given client. */
final class SampleHandler extends RotationHandler {
    SampleHandler(CredentialChanger changer, SecretsManagerClient client) {
        super(changer, client, RotorConfig.fromEnvironment(Map.of()));
    }
}
