package dev.rotor.secrets;

import dev.rotor.RotorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the Secrets Manager client a handler uses: the UrlConnection HTTP client (small and quick to start), the
 * region and endpoint from {@link RotorConfig}, and the SDK's standard retry mode, which backs off and retries
 * throttling, timeouts and 5xx errors.
 *
 * <p>HTTP: the UrlConnection client streams every request body, and for a streamed POST (every Secrets Manager call)
 * on a kept-alive connection the JDK first probes the connection with a read that waits 1 ms. Measured on loopback
 * in a C1-only JVM, a GetSecretValue took 4.0 ms with it and 2.2 ms without. Unless a proxy is configured (system
 * properties or environment, as the SDK reads them), the client's connections therefore buffer each request body
 * instead ({@link #httpClientBuilder()}); with a proxy, or with {@value #BUFFERED_REQUESTS_ENV}{@code =false}, the
 * SDK's own connection set-up is used unchanged.
 *
 * <p>Credentials: where the SDK's default chain would settle on the environment variables anyway (keys in the
 * environment, none in system properties, which the chain reads first), as in Lambda, the client reads the
 * environment directly and the chain's other providers (profiles, web identity, container and instance metadata)
 * are never built. Elsewhere the default chain applies.
 */
public final class SecretsManagerClients {
    /** The environment variable that turns the buffered request bodies off (default true). */
    public static final String BUFFERED_REQUESTS_ENV = "ROTOR_SM_BUFFERED_REQUESTS";

    private SecretsManagerClients() {
    }

    /** A client configured from Rotor's settings. */
    public static SecretsManagerClient create(RotorConfig config) {
        // plain calls, no lambdas or method references: each would be a class to spin up on a cold start
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(httpClientBuilder())
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
     * The HTTP client of Rotor's Secrets Manager clients: the SDK's UrlConnection client, whose connections buffer
     * each request body instead of streaming it, unless a proxy is configured or {@value #BUFFERED_REQUESTS_ENV} is
     * false.
     */
    public static SdkHttpClient.Builder<?> httpClientBuilder() {
        return httpClientBuilder(null);
    }

    /**
     * {@link #httpClientBuilder()} with another read timeout than the SDK's 30 s default.
     *
     * @param socketTimeout the read timeout, or null for the SDK's
     */
    public static SdkHttpClient.Builder<?> httpClientBuilder(Duration socketTimeout) {
        return httpClientBuilder(socketTimeout, System.getenv());
    }

    static SdkHttpClient.Builder<?> httpClientBuilder(Duration socketTimeout, Map<String, String> env) {
        boolean buffered = RotorConfig.bool(env, BUFFERED_REQUESTS_ENV, true);
        if (!buffered || ProxyConfiguration.builder().build().host() != null) {
            UrlConnectionHttpClient.Builder sdk = UrlConnectionHttpClient.builder();
            if (socketTimeout != null) {
                sdk.socketTimeout(socketTimeout);
            }
            return sdk;
        }
        return new WholeRequestHttpClient(socketTimeout);
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
