package dev.rotor.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the Secrets Manager client of {@code inspect} and {@code repair} from {@code --endpoint} and
 * {@code --region}. A loopback endpoint (a local Secrets Manager) gets fixed dummy credentials, so that no real
 * AWS credential is ever sent to a local tool, and region {@code us-east-1} unless one is given. Any other
 * endpoint, or none, uses the SDK's default credential and region chains.
 */
final class Clients {
    static final List<Option> OPTIONS = List.of(
            Option.value("endpoint", "URL", "Secrets Manager endpoint (default: the region's AWS endpoint)."),
            Option.value("region", "REGION", "AWS region (default: the SDK's chain, AWS_REGION, ~/.aws/config)."));

    private Clients() {
    }

    static SecretsManagerClient secretsManager(Arguments arguments) {
        return secretsManager(arguments.url("endpoint"), arguments.value("region"));
    }

    static SecretsManagerClient secretsManager(Optional<URI> endpoint, Optional<String> region) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD));
        endpoint.ifPresent(builder::endpointOverride);
        boolean local = endpoint.map(Clients::isLoopback).orElse(false);
        if (local) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("rotor-local", "rotor-local")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        Optional<String> chosen = region.filter(r -> !r.isBlank()).or(() -> local ? Optional.of("us-east-1")
                : Optional.empty());
        chosen.map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return Character.digit(literal.charAt(0), 16) >= 0 && literal.chars().allMatch(c -> c == '.' || c == ':'
                    || Character.digit(c, 16) >= 0) && InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
