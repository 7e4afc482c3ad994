package dev.rotor.testing.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.Step;
import dev.rotor.testing.Faults;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.SecretsManagerError;
import dev.rotor.testing.Timeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

/** The fault-injection API as a user outside the package writes it. */
class FaultsApiTest {
    @Test
    void rulesAreBuiltFromAnotherPackage() {
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            String arn = local.createSecret("app/db", "v1");
            local.faults().onCall("GetSecretValue").nth(2).times(1).fail(SecretsManagerError.invalidRequest("x"));
            local.faults().onCall(Faults.ANY).always().quietly().delay(Duration.ofMillis(1));
            local.faults().onStep(Step.SET_SECRET).nth(1).failAfter();

            local.client().getSecretValue(b -> b.secretId(arn));
            assertThatThrownBy(() -> local.client().getSecretValue(b -> b.secretId(arn)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(local.client().getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("v1");
            assertThat(local.timeline().entries(Timeline.Kind.FAULT_INJECTED)).hasSize(1);
            assertThat(local.faults().pending()).isTrue();
        }
    }
}
