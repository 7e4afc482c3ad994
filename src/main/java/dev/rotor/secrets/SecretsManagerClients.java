package dev.rotor.secrets;

import dev.rotor.RotorConfig;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the Secrets Manager client a handler uses: the UrlConnection HTTP client (small and quick to start), the
 * region and endpoint from {@link RotorConfig}, and the SDK's standard retry mode, which backs off and retries
 * throttling, timeouts and 5xx errors.
 */
public final class SecretsManagerClients {
    private SecretsManagerClients() {
    }

    /** A client configured from Rotor's settings. */
    public static SecretsManagerClient create(RotorConfig config) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD));
        config.region().map(Region::of).ifPresent(builder::region);
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
