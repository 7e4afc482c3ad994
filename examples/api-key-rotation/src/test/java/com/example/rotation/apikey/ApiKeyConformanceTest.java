package com.example.rotation.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.RotorConfig;
import dev.rotor.testing.ConformanceCheck;
import dev.rotor.testing.ConformanceCheck.Strategy;
import dev.rotor.testing.ConformanceReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test kit's conformance check: the fault matrix (every step and every Secrets Manager call failed, lost
 * responses, duplicate invocations, a test-only run, an outside write, throttling) with its invariants.
 *
 * <p>{@link Strategy#SINGLE_USER} is the strategy that fits: the other two also require the replaced credential
 * (AWSPREVIOUS) to keep working after the rotation, and this changer revokes the replaced key on purpose. It
 * promises more than SINGLE_USER asks (the AWSCURRENT key works at every moment, not only outside setSecret to
 * finishSecret); {@link ApiKeyRotationTest} checks that stronger promise directly.
 */
class ApiKeyConformanceTest {
    @Test
    void theApiKeyRotationFunctionPassesTheConformanceCheck() {
        try (KeyService service = KeyService.start()) {
            KeyService.Key initial = service.issueBootstrapKey();

            ConformanceReport report = ConformanceCheck.of(
                            client -> new ApiKeyRotationHandler(client, RotorConfig.fromEnvironment(Map.of())),
                            secret -> service.isValid(secret.requireSecret(ApiKeyChanger.API_KEY).reveal()),
                            Strategy.SINGLE_USER)
                    .secret("{\"serviceUrl\":\"" + service.url() + "\",\"keyId\":\"" + initial.id()
                            + "\",\"apiKey\":\"" + initial.secret() + "\"}")
                    .run();

            report.assertPassed();
            assertThat(report.scenarios()).hasSizeGreaterThan(20);
            // Only the current key is left active: no scenario left an orphan key behind, the abandoned one aside.
            assertThat(service.activeKeys()).hasSizeLessThanOrEqualTo(2);
        }
    }
}
