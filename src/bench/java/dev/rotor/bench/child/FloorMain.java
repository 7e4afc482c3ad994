package dev.rotor.bench.child;

import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The floor: a fresh JVM that only builds a Secrets Manager client (UrlConnection HTTP client, explicit region and
 * endpoint, the SDK's default credentials chain) and makes one {@code DescribeSecret} call. Arguments: the secret
 * id. The endpoint and region come from {@code SECRETS_MANAGER_ENDPOINT} and {@code AWS_REGION}, as for a handler.
 */
public final class FloorMain {
    private FloorMain() {
    }

    public static void main(String[] args) {
        SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(System.getenv("AWS_REGION")))
                .endpointOverride(URI.create(System.getenv("SECRETS_MANAGER_ENDPOINT")))
                .build();
        client.describeSecret(b -> b.secretId(args[0]));
        ChildReport.end();
    }
}
