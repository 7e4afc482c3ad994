package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.internal.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.EncryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.LimitExceededException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The wire protocol: JSON 1.1 with X-Amz-Target, error shapes, any credentials, and the standalone server. */
class HttpProtocolTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(URI endpoint, String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anErrorIsHttp400WithTheTypeInTheBody() throws Exception {
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            HttpResponse<String> response = post(local.endpoint(), "secretsmanager.GetSecretValue",
                    "{\"SecretId\":\"missing\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertThat(body.get("__type").textValue()).isEqualTo("ResourceNotFoundException");
            assertThat(body.get("message").textValue()).isNotBlank();
        }
    }

    @Test
    void aCallWithoutSignatureOrTargetIsAnsweredPlainly() throws Exception {
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            HttpResponse<String> ok = post(local.endpoint(), "secretsmanager.GetRandomPassword",
                    "{\"PasswordLength\":12}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(ok.body()).get("RandomPassword").textValue()).hasSize(12);

            HttpResponse<String> noTarget = post(local.endpoint(), null, "{}");
            assertThat(noTarget.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(noTarget.body()).get("__type").textValue())
                    .isEqualTo("UnknownOperationException");

            HttpResponse<String> unknown = post(local.endpoint(), "secretsmanager.ListSecrets", "{}");
            assertThat(Json.MAPPER.readTree(unknown.body()).get("__type").textValue())
                    .isEqualTo("UnknownOperationException");

            HttpResponse<String> garbage = post(local.endpoint(), "secretsmanager.DescribeSecret", "{not json");
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(garbage.body()).get("__type").textValue())
                    .isEqualTo("SerializationException");
        }
    }

    @Test
    void anyCredentialsAreAccepted() {
        try (LocalSecretsManager local = LocalSecretsManager.start();
                SecretsManagerClient anonymous = client(local, AnonymousCredentialsProvider.create());
                SecretsManagerClient signed = client(local, StaticCredentialsProvider.create(
                        AwsSessionCredentials.create("AKIDEXAMPLE", "another-secret-key", "a-session-token")))) {
            local.createSecret("app/db", "v1");

            assertThat(anonymous.getSecretValue(b -> b.secretId("app/db")).secretString()).isEqualTo("v1");
            assertThat(signed.getSecretValue(b -> b.secretId("app/db")).secretString()).isEqualTo("v1");
        }
    }

    private static SecretsManagerClient client(LocalSecretsManager local, AwsCredentialsProvider credentials) {
        return SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(local.endpoint()).region(Region.EU_WEST_1).credentialsProvider(credentials).build();
    }

    @Test
    void closingStopsServing() throws Exception {
        LocalSecretsManager local = LocalSecretsManager.start();
        URI endpoint = local.endpoint();
        local.close();

        assertThatThrownBy(() -> post(endpoint, "secretsmanager.GetRandomPassword", "{}"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theStandaloneServerPrintsOneReadyLineAndServesUntilStopped() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LocalSecretsManager.class.getName(), "--port", Integer.toString(port)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).isEqualTo("LocalSecretsManager listening on http://127.0.0.1:" + port);

            HttpResponse<String> response = post(URI.create("http://127.0.0.1:" + port),
                    "secretsmanager.CreateSecret", "{\"Name\":\"standalone\",\"SecretString\":\"x\"}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyServiceErrorBecomesTheSdkExceptionOfTheSameName() {
        Map<String, Class<? extends SecretsManagerException>> expected = new LinkedHashMap<>();
        expected.put("ResourceNotFoundException", ResourceNotFoundException.class);
        expected.put("InvalidRequestException", InvalidRequestException.class);
        expected.put("InvalidParameterException", InvalidParameterException.class);
        expected.put("ResourceExistsException", ResourceExistsException.class);
        expected.put("LimitExceededException", LimitExceededException.class);
        expected.put("DecryptionFailure", DecryptionFailureException.class);
        expected.put("EncryptionFailure", EncryptionFailureException.class);
        expected.put("InternalServiceError", InternalServiceErrorException.class);
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            local.createSecret("app/db", "v1");
            expected.forEach((type, exception) -> {
                local.faults().onCall("GetSecretValue").always().fail(type);
                assertThatThrownBy(() -> local.client().getSecretValue(b -> b.secretId("app/db"))).as(type)
                        .isExactlyInstanceOf(exception)
                        .satisfies(e -> assertThat(((SecretsManagerException) e).awsErrorDetails().errorCode())
                                .isEqualTo(type));
                local.faults().clear();
            });
        }
    }
}
