package dev.rotor.bench;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A ready-made handler over {@link InMemoryChanger}, configured from the environment like the database ones. */
public final class InMemoryHandler extends RotationHandler {
    public InMemoryHandler() {
        super(new InMemoryChanger());
    }

    public InMemoryHandler(InMemoryChanger changer, SecretsManagerClient client, RotorConfig config) {
        super(changer, client, config);
    }
}
