package dev.rotor.secrets;

import dev.rotor.RotorConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the Secrets Manager client a handler uses: the UrlConnection HTTP client (small and quick to start), the
 * region and endpoint from {@link RotorConfig}, and the SDK's standard retry mode, which backs off and retries
 * throttling, timeouts and 5xx errors.
 *
 * <p>Credentials: where the SDK's default chain would settle on the environment variables anyway (keys in the
 * environment, none in system properties, which the chain reads first), as in Lambda, the client reads the
 * environment directly and the chain's other providers (profiles, web identity, container and instance metadata)
 * are never built. Elsewhere the default chain applies.
 */
public final class SecretsManagerClients {
    private SecretsManagerClients() {
    }

    /** A client configured from Rotor's settings. */
    public static SecretsManagerClient create(RotorConfig config) {
        // plain calls, no lambdas or method references: each would be a class to spin up on a cold start
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
        if (config.region().isPresent()) {
            builder.region(Region.of(config.region().get()));
        }
        if (config.endpoint().isPresent()) {
            builder.endpointOverride(config.endpoint().get());
        }
        Optional<AwsCredentialsProvider> credentials = credentials(System.getenv(), System.getProperties());
        if (credentials.isPresent()) {
            builder.credentialsProvider(credentials.get());
        }
        return builder.build();
    }

    /**
     * The environment-variable provider when the default chain would choose it first, else empty (the default
     * chain).
     */
    static Optional<AwsCredentialsProvider> credentials(Map<String, String> env, Properties properties) {
        if (properties.getProperty("aws.accessKeyId") != null || properties.getProperty("aws.secretAccessKey") != null
                || properties.getProperty("aws.sessionToken") != null) {
            return Optional.empty();
        }
        if (isBlank(env.get("AWS_ACCESS_KEY_ID")) || isBlank(env.get("AWS_SECRET_ACCESS_KEY"))) {
            return Optional.empty();
        }
        return Optional.of(EnvironmentVariableCredentialsProvider.create());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
