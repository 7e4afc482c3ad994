package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.internal.Json;
import dev.rotor.testing.LocalSecretsManager;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code rotor demo}, in-process and as the README runs it: {@code java -jar target/rotor-cli.jar demo}. */
class DemoIT {
    private static final List<String> STEPS = List.of("createSecret", "setSecret", "testSecret", "finishSecret");

    @Test
    void demoRotatesTwiceShowsEveryStepAndPrintsNoSecret() {
        AtomicReference<LocalSecretsManager> service = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new RotorCli(List.of(new DemoCommand(service::set))).run(new String[] {"demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        String progress = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + progress).isZero();
        assertThat(text).contains("Rotation 1: single user", "Rotation 2: alternating users",
                "the old password of app_user is refused (SQLState 28P01)", "PASSED: 2 rotations");
        for (String rotation : text.split("Rotation 2:")) {
            for (String step : STEPS) {
                assertThat(rotation).containsPattern("(?m)^  " + step + " +ok ");
            }
        }
        assertThat(text).doesNotContain("FAILED");
        assertThat(progress).contains("... starting embedded PostgreSQL", "... rotating demo/app-db");
        assertThat(service.get()).isNotNull();
        assertThat(service.get().engine().containsSecretMaterial(text)).as("secret material on stdout").isFalse();
        assertThat(service.get().engine().containsSecretMaterial(progress)).as("secret material on stderr").isFalse();
    }

    @Test
    void theRunnableJarRunsTheDemoWithJsonOutput() throws Exception {
        Path jar = Path.of("target", "rotor-cli.jar");
        assumeThat(Files.isRegularFile(jar)).as("target/rotor-cli.jar is built by 'package'").isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "demo", "--json"));
        Path stdout = Files.createTempFile("rotor-demo", ".json");
        Path stderr = Files.createTempFile("rotor-demo", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String progress = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(finished).as("demo finished").isTrue();
        assertThat(process.exitValue()).as(progress).isZero();

        JsonNode result = Json.MAPPER.readTree(stdout.toFile());
        assertThat(result.get("passed").booleanValue()).isTrue();
        assertThat(result.get("rotations")).hasSize(2);
        for (JsonNode rotation : result.get("rotations")) {
            List<String> steps = new ArrayList<>();
            rotation.get("steps").forEach(step -> steps.add(step.get("step").textValue()));
            assertThat(steps).containsExactlyElementsOf(STEPS);
            assertThat(rotation.get("outcome").textValue()).isEqualTo("SUCCEEDED");
        }
        assertThat(progress).contains("... starting embedded PostgreSQL").doesNotContain("Exception");
        new File(stdout.toString()).delete();
        new File(stderr.toString()).delete();
    }
}
