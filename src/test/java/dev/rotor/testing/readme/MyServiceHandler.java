package dev.rotor.testing.readme;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The README example's rotation function: {@link MyServiceChanger} for {@link Accounts}. */
public final class MyServiceHandler extends RotationHandler {
    public MyServiceHandler(Accounts accounts, SecretsManagerClient client) {
        super(new MyServiceChanger(accounts), client, RotorConfig.fromEnvironment(Map.of()));
    }
}
