package dev.rotor.internal;

import dev.rotor.RotationEvent;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretDescription;
import dev.rotor.secrets.SecretStore;
import dev.rotor.secrets.SecretValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Warms what every step loads on first use, for a CRaC / SnapStart snapshot: the event reader, the secret model's
 * JSON code, and the SDK's request pipeline, marshallers and unmarshallers (the not-found error included) for each
 * call the protocol makes. The calls go to a throw-away client whose HTTP client answers canned responses inside
 * this JVM: no connection is opened, no request reaches Secrets Manager, nothing random is generated or kept.
 */
public final class Priming {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:rotor-priming-AbCdEf";
    private static final String CURRENT = "00000000-0000-4000-8000-000000000001";
    private static final String PENDING = "00000000-0000-4000-8000-000000000002";
    private static final String VALUE = "{\"username\":\"priming\",\"password\":\"not-a-secret\"}";

    private Priming() {
    }

    /** Runs every step's code paths once against the in-process stand-in. */
    public static void prime(PasswordPolicy policy) {
        for (String step : new String[] {"createSecret", "setSecret", "testSecret", "finishSecret"}) {
            String event = "{\"Step\":\"" + step + "\",\"SecretId\":\"" + ARN + "\",\"ClientRequestToken\":\""
                    + PENDING + "\"}";
            try {
                RotationEvent.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(new CannedHttpClient())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://rotor-priming.invalid"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming",
                        "priming")))
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD))
                .build()) {
            SecretStore store = new SecretStore(client);
            SecretDescription description = store.describe(ARN);
            description.stagesOf(PENDING);
            Secret current = store.value(ARN, null, SecretDescription.AWSCURRENT).orElseThrow();
            Optional<Secret> pending = store.value(ARN, PENDING, SecretDescription.AWSPENDING);
            if (pending.isPresent()) {
                throw new IllegalStateException("The priming stand-in should answer not found");
            }
            SecretValue canned = store.randomPassword(policy, ARN);
            store.putPending(ARN, PENDING, current.with("password", canned), null);
            store.moveStage(ARN, SecretDescription.AWSCURRENT, PENDING, CURRENT);
            store.removeStage(ARN, SecretDescription.AWSPENDING, PENDING);
        }
    }

    /** Answers each operation with a fixed body; GetSecretValue of a version id is not found. */
    private static final class CannedHttpClient implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String operation = target.substring(target.indexOf('.') + 1);
            String body;
            try {
                body = request.contentStreamProvider().isPresent()
                        ? new String(request.contentStreamProvider().get().newStream().readAllBytes(),
                                StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int status = 200;
            String answer = switch (operation) {
                case "DescribeSecret" -> "{\"ARN\":\"" + ARN + "\",\"Name\":\"rotor-priming\",\"RotationEnabled\":true,"
                        + "\"VersionIdsToStages\":{\"" + CURRENT + "\":[\"AWSCURRENT\"],\"" + PENDING
                        + "\":[\"AWSPENDING\"]}}";
                case "GetRandomPassword" -> "{\"RandomPassword\":\"not-a-secret\"}";
                case "GetSecretValue" -> body.contains("VersionId") ? null : "{\"ARN\":\"" + ARN
                        + "\",\"Name\":\"rotor-priming\",\"VersionId\":\"" + CURRENT + "\",\"SecretString\":"
                        + "\"" + VALUE.replace("\"", "\\\"") + "\",\"VersionStages\":[\"AWSCURRENT\"]}";
                default -> "{\"ARN\":\"" + ARN + "\",\"Name\":\"rotor-priming\"}";
            };
            if (answer == null) {
                status = 400;
                answer = "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"priming\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            int code = status;
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(code)
                                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                                    .putHeader("Content-Length", Integer.toString(bytes.length))
                                    .putHeader("x-amzn-RequestId", "rotor-priming").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
