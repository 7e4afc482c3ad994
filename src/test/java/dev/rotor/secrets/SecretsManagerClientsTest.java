package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

class SecretsManagerClientsTest {
    private static final Map<String, String> LAMBDA = Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "example-secret", "AWS_SESSION_TOKEN", "example-token");

    @Test
    void readsTheEnvironmentDirectlyWhenItHoldsKeysAsInLambda() {
        assertThat(SecretsManagerClients.credentials(LAMBDA, new Properties()))
                .containsInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }

    @Test
    void leavesTheDefaultChainWhenSystemPropertiesHoldKeys() {
        Properties properties = new Properties();
        properties.setProperty("aws.accessKeyId", "AKIAEXAMPLE");

        assertThat(SecretsManagerClients.credentials(LAMBDA, properties)).isEmpty();
    }

    @Test
    void leavesTheDefaultChainWithoutKeysInTheEnvironment() {
        assertThat(SecretsManagerClients.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"), new Properties()))
                .isEmpty();
        assertThat(SecretsManagerClients.credentials(Map.of("AWS_PROFILE", "dev"), new Properties())).isEmpty();
        assertThat(SecretsManagerClients.credentials(Map.of("AWS_ACCESS_KEY_ID", " ", "AWS_SECRET_ACCESS_KEY", "x"),
                new Properties())).isEmpty();
    }

    @Test
    void buffersRequestBodiesUnlessAProxyIsConfiguredOrItIsTurnedOff() {
        assumeThat(ProxyConfiguration.builder().build().host()).as("a proxy in this machine's environment").isNull();
        assertThat(SecretsManagerClients.httpClientBuilder(null, Map.of())).isInstanceOf(WholeRequestHttpClient.class);
        assertThat(SecretsManagerClients.httpClientBuilder(null, Map.of(SecretsManagerClients.BUFFERED_REQUESTS_ENV,
                "false"))).isInstanceOf(UrlConnectionHttpClient.Builder.class);
        System.setProperty("http.proxyHost", "proxy.example");
        System.setProperty("http.proxyPort", "3128");
        try {
            assertThat(SecretsManagerClients.httpClientBuilder(null, Map.of())).isInstanceOf(
                    UrlConnectionHttpClient.Builder.class);
        } finally {
            System.clearProperty("http.proxyHost");
            System.clearProperty("http.proxyPort");
        }
    }
}
