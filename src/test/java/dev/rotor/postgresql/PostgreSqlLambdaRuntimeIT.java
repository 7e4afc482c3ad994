package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.lambda.LambdaProcess;
import dev.rotor.lambda.LocalLambdaRuntime;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Lambda package rotating a real PostgreSQL secret the way Lambda runs it: AWS's runtime interface client in a
 * separate JVM, fed by the local Runtime API; the local Secrets Manager's RotateSecret invokes the four steps
 * through it (each event with a RotationToken the service issued), and the function talks to the local Secrets
 * Manager over HTTP with the real SDK and to embedded PostgreSQL with verified TLS.
 */
class PostgreSqlLambdaRuntimeIT {
    private static final String HANDLER = "dev.rotor.postgresql.PostgreSqlSingleUserHandler";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void rotatesThroughTheRuntimeInterfaceClientWithTheRotationToken() throws Exception {
        PostgresServer pg = PostgresTlsServer.get();
        String user = "lambda_single";
        String firstPassword = "first-Password-0123456789abcdef";
        pg.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + firstPassword + "'");
        Secret initial = PostgresTlsServer.secret(user, firstPassword, "note", "kept as it is");

        List<String> requestIds = new ArrayList<>();
        try (LocalSecretsManager secretsManager = LocalSecretsManager.start();
                LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = startFunction(HANDLER, secretsManager, runtime, requestIds)) {
            String arn = secretsManager.createSecret("rotor/lambda-pg", initial.toSecretString().reveal());
            SecretsManagerClient client = secretsManager.client();

            String secondPassword = null;
            String previousPassword = firstPassword;
            List<Long> millis = new ArrayList<>();
            for (int rotation = 1; rotation <= 2; rotation++) {
                long start = System.nanoTime();
                String token = client.rotateSecret(b -> b.secretId(arn)
                        .rotationLambdaARN(LocalLambdaRuntime.FUNCTION_ARN)).versionId();
                millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());

                Map<String, List<String>> stages = secretsManager.engine().versionStages(arn);
                assertThat(stages.get(token)).as(function.output()).containsExactly("AWSCURRENT");
                assertThat(stages.values()).noneMatch(labels -> labels.contains("AWSPENDING"));
                Secret current = Secret.parse(client.getSecretValue(b -> b.secretId(arn)).secretString());
                String fresh = current.requireSecret("password").reveal();
                assertThat(current.requireString("note")).isEqualTo("kept as it is");
                assertThat(pg.canLogin(user, fresh)).isTrue();
                assertThat(pg.canLogin(user, previousPassword)).isFalse();
                previousPassword = fresh;
                if (rotation == 1) {
                    secondPassword = fresh;
                }
            }
            assertThat(secondPassword).isNotEqualTo(firstPassword);
            assertThat(requestIds).hasSize(8).doesNotHaveDuplicates();

            // The RotationToken of each createSecret reached PutSecretValue: the local service refuses a token it
            // did not issue for this secret, and its timeline records the parameter (masked).
            List<Timeline.Entry> puts = secretsManager.timeline().calls("PutSecretValue");
            assertThat(puts).hasSize(2).allSatisfy(put -> {
                assertThat(put.details()).containsEntry("RotationToken", "<masked>");
                assertThat(put.details().get("VersionStages")).contains("AWSPENDING");
            });
            // The only refused calls: createSecret's look for a value of the new version, once per rotation.
            assertThat(secretsManager.timeline().entries(Timeline.Kind.API_ERROR)).hasSize(2).allSatisfy(error -> {
                assertThat(error.name()).isEqualTo("GetSecretValue");
                assertThat(error.details()).containsEntry("error", "ResourceNotFoundException");
            });

            List<JsonNode> events = jsonLines(function.outputLines());
            List<String> messages = events.stream().map(event -> event.get("message").asText()).toList();
            for (String step : List.of("createSecret", "setSecret", "testSecret", "finishSecret")) {
                assertThat(messages).filteredOn(m -> m.startsWith("RotationHandler: Step " + step + " succeeded"))
                        .hasSize(2).allSatisfy(m -> assertThat(m).contains(arn));
            }
            assertThat(events).filteredOn(event -> event.get("message").asText().startsWith("RotationHandler:"))
                    .allSatisfy(event -> assertThat(requestIds).contains(event.get("AWSRequestId").asText()));
            assertThat(events).extracting(event -> event.get("level").asText()).doesNotContain("DEBUG", "TRACE");
            String output = function.output();
            assertThat(output).doesNotContain(firstPassword).doesNotContain(secondPassword)
                    .doesNotContain(previousPassword).doesNotContain("local-test-secret-key");
            assertThat(secretsManager.engine().containsSecretMaterial(output))
                    .as("the function's output holds no secret value, password or RotationToken").isFalse();
            System.out.printf("Lambda-runtime rotation: first (cold) %d ms, second (warm) %d ms; peak RSS of the"
                    + " function's JVM %,d kB%n", millis.get(0), millis.get(1), function.peakRssKb());
        }
    }

    @Test
    void rotatesAlternatingUsersWithTheSuperuserSecretThroughTheRuntimeInterfaceClient() throws Exception {
        PostgresServer pg = PostgresTlsServer.get();
        String user = "lambda_alt";
        String firstPassword = "alt-First-Password-0123456789ab";
        pg.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + firstPassword + "'");
        List<String> requestIds = new ArrayList<>();
        try (LocalSecretsManager secretsManager = LocalSecretsManager.start();
                LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = startFunction("dev.rotor.postgresql.PostgreSqlAlternatingUsersHandler",
                        secretsManager, runtime, requestIds)) {
            String superuserArn = secretsManager.createSecret("rotor/lambda-pg-admin", PostgresTlsServer
                    .secret(PostgresServer.ADMIN, pg.adminPassword()).toSecretString().reveal());
            String arn = secretsManager.createSecret("rotor/lambda-pg-alt", PostgresTlsServer
                    .secret(user, firstPassword, "masterarn", superuserArn).toSecretString().reveal());
            SecretsManagerClient client = secretsManager.client();

            String token = client.rotateSecret(b -> b.secretId(arn)
                    .rotationLambdaARN(LocalLambdaRuntime.FUNCTION_ARN)).versionId();

            assertThat(secretsManager.engine().versionStages(arn).get(token)).as(function.output())
                    .containsExactly("AWSCURRENT");
            Secret current = Secret.parse(client.getSecretValue(b -> b.secretId(arn)).secretString());
            assertThat(current.requireString("username")).isEqualTo(user + "_clone");
            String clonePassword = current.requireSecret("password").reveal();
            assertThat(pg.canLogin(user + "_clone", clonePassword)).isTrue();
            assertThat(pg.canLogin(user, firstPassword)).as("the previous user is left as it was").isTrue();
            assertThat(requestIds).hasSize(4);
            assertThat(secretsManager.timeline().calls("PutSecretValue")).singleElement()
                    .satisfies(put -> assertThat(put.details()).containsEntry("RotationToken", "<masked>"));
            String output = function.output();
            assertThat(output).doesNotContain(clonePassword).doesNotContain(firstPassword)
                    .doesNotContain(pg.adminPassword());
            assertThat(secretsManager.engine().containsSecretMaterial(output)).isFalse();
            assertThat(jsonLines(function.outputLines())).isNotEmpty();
        }
    }

    private LambdaProcess startFunction(String handler, LocalSecretsManager secretsManager, LocalLambdaRuntime runtime,
            List<String> requestIds) throws IOException {
        Path taskRoot = LambdaProcess.extractPackage(work.resolve("task"));
        LambdaProcess function = LambdaProcess.start(taskRoot, handler, runtime.address(), Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIDLOCALTEST",
                "AWS_SECRET_ACCESS_KEY", "local-test-secret-key",
                "SECRETS_MANAGER_ENDPOINT", secretsManager.endpoint().toString(),
                "ROTOR_DB_CA_BUNDLE", PostgresTlsServer.caBundle().toString(),
                "AWS_LAMBDA_LOG_FORMAT", "JSON",
                "AWS_LAMBDA_LOG_LEVEL", "INFO"), work.resolve("logs"));
        runtime.watch(function);
        secretsManager.register(LocalLambdaRuntime.FUNCTION_ARN,
                (InputStream in, OutputStream out, com.amazonaws.services.lambda.runtime.Context context) -> {
                    LocalLambdaRuntime.Result result = invoke(runtime, in);
                    requestIds.add(result.requestId());
                    if (!result.succeeded()) {
                        throw new IllegalStateException("The function failed (" + result.errorType() + ")");
                    }
                    out.write(result.body().getBytes(StandardCharsets.UTF_8));
                });
        return function;
    }

    private static LocalLambdaRuntime.Result invoke(LocalLambdaRuntime runtime, InputStream in) throws IOException {
        try {
            return runtime.invoke(new String(in.readAllBytes(), StandardCharsets.UTF_8), Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Each line the function wrote that is JSON: with the JSON log format, every log event. */
    private static List<JsonNode> jsonLines(List<String> lines) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            assertThat(line.isBlank()).as("blank output line in:\n" + String.join("\n", lines)).isFalse();
            if (line.startsWith("{")) {
                events.add(MAPPER.readTree(line));
            }
        }
        assertThat(events).as(String.join("\n", lines)).isNotEmpty();
        return events;
    }
}
