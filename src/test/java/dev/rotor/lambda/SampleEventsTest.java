package dev.rotor.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.RotationEvent;
import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.Step;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/** The files of {@code events/} are valid rotation events of one rotation, readable by Rotor's stream entry. */
class SampleEventsTest {

    @ParameterizedTest
    @EnumSource(Step.class)
    void eachFileIsTheWireEventOfItsStep(Step step) throws IOException {
        JsonNode json = SampleEvents.json(step);
        assertThat(json.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("Step", "SecretId", "ClientRequestToken", "RotationToken");
        assertThat(json.get("Step").asText()).isEqualTo(step.wireName());
        assertThat(json.get("SecretId").asText()).matches("arn:aws:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+");
        assertThat(UUID.fromString(json.get("ClientRequestToken").asText())).isNotNull();

        try (InputStream in = Files.newInputStream(SampleEvents.file(step))) {
            RotationEvent event = RotationEvent.read(in);
            assertThat(event.step()).isEqualTo(step);
            assertThat(event.secretId()).isEqualTo(json.get("SecretId").asText());
            assertThat(event.clientRequestToken()).isEqualTo(json.get("ClientRequestToken").asText());
            assertThat(event.rotationToken()).isEqualTo(json.get("RotationToken").asText()).isNotBlank();
            assertThat(event.toString()).doesNotContain(event.rotationToken());
        }
    }

    @Test
    void theFourFilesDescribeOneRotation() {
        for (String field : List.of("SecretId", "ClientRequestToken", "RotationToken")) {
            assertThat(List.of(Step.values())).extracting(step -> SampleEvents.json(step).get(field).asText())
                    .as(field).containsOnly(SampleEvents.json(Step.CREATE_SECRET).get(field).asText());
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void theHandlersStreamEntryTakesEachFile(Step step) throws IOException {
        String secretId = SampleEvents.json(step).get("SecretId").asText();
        String token = SampleEvents.json(step).get("ClientRequestToken").asText();
        List<String> described = new ArrayList<>();
        // The token is already AWSCURRENT: every step is then a late retry, a no-op after one DescribeSecret.
        SecretsManagerClient client = new SecretsManagerClient() {
            @Override
            public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
                described.add(request.secretId());
                return DescribeSecretResponse.builder().arn(secretId).rotationEnabled(true)
                        .versionIdsToStages(Map.of(token, List.of("AWSCURRENT"))).build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {
            }
        };
        List<String> changerCalls = new ArrayList<>();
        RotationHandler handler = new TestHandler(new CredentialChanger() {
            @Override
            public void apply(RotationContext context) {
                changerCalls.add("apply");
            }

            @Override
            public void verify(RotationContext context) {
                changerCalls.add("verify");
            }
        }, client);

        try (InputStream in = Files.newInputStream(SampleEvents.file(step))) {
            handler.handleRequest(in, new ByteArrayOutputStream(), null);
        }

        assertThat(described).containsExactly(secretId);
        assertThat(changerCalls).isEmpty();
    }

    private static final class TestHandler extends RotationHandler {
        TestHandler(CredentialChanger changer, SecretsManagerClient client) {
            super(changer, client, RotorConfig.fromEnvironment(Map.of()));
        }
    }
}
