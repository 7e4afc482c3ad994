package dev.rotor.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.RotationRun;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's custom rotation function (ApiKeyChanger and ApiKeyRotationHandler in this package) through
 * RotateSecret on the local Secrets Manager, over HTTP with the real SDK, and checks the README shows this code.
 */
class ReadmeExampleTest {
    static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:api-key-rotation";

    LocalSecretsManager local;
    InMemoryKeyService keys;
    String oldKey;
    String arn;

    @BeforeEach
    void setUp() {
        local = LocalSecretsManager.start();
        keys = new InMemoryKeyService();
        // what the no-argument ApiKeyRotationHandler does, with the local client and the in-memory key service
        RotationHandler handler = new RotationHandler(new ApiKeyChanger(keys), local.client(),
                RotorConfig.defaults()) { };
        local.register(FUNCTION, handler);
        oldKey = keys.issueDirectly();
        arn = local.createSecret("acme/api-key",
                "{\"client\":\"acme\",\"apiKey\":\"" + oldKey + "\",\"env\":\"prod\"}");
    }

    @AfterEach
    void tearDown() {
        local.close();
    }

    private Secret current() {
        return Secret.parse(local.client().getSecretValue(b -> b.secretId(arn)).secretString());
    }

    @Test
    void rotationIssuesANewKeyMakesItCurrentAndRevokesTheOldOne() {
        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.succeeded()).isTrue();
        String newKey = current().requireSecret("apiKey").reveal();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(keys.valid).containsExactly(newKey);
        assertThat(keys.revoked).containsExactly(oldKey);
        assertThat(current().requireString("env")).isEqualTo("prod");
    }

    @Test
    void testOnlyRotationChangesNothing() {
        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
        assertThat(current().requireSecret("apiKey").reveal()).isEqualTo(oldKey);
        assertThat(keys.valid).containsExactly(oldKey);
        assertThat(keys.revoked).isEmpty();
    }

    @Test
    void theHandlerHasTheNoArgumentConstructorSamNeeds() throws Exception {
        assertThat(RotationHandler.class).isAssignableFrom(ApiKeyRotationHandler.class);
        assertThat(Modifier.isPublic(ApiKeyRotationHandler.class.getConstructor().getModifiers())).isTrue();
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(body("ApiKeyChanger.java", "public record ApiKeyChanger"))
                .contains(body("ApiKeyRotationHandler.java", "public final class ApiKeyRotationHandler"));
    }

    /** The source from the type declaration on. */
    private static String body(String file, String start) throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/rotor/example", file), StandardCharsets.UTF_8);
        return source.substring(source.indexOf(start)).strip();
    }
}
