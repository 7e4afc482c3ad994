package dev.rotor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@code rotor rotate} with a handler class in a child JVM, and {@code rotor serve} used by a real SDK client. */
class RotateServeIT {
    private static final String VALUE = "{\"username\":\"app\",\"password\":\"first-Secret-1\"}";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int rotor(String... args) {
        return new RotorCli().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path secretFile(String json) throws IOException {
        Path file = dir.resolve("secret-" + json.hashCode() + ".json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void rotateRunsTheHandlerClassThroughEveryStep() throws IOException {
        int code = rotor("rotate", "--handler", LocalTestHandler.class.getName(), "--secret", "app/db="
                + secretFile(VALUE));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isZero();
        for (String step : List.of("createSecret", "setSecret", "testSecret", "finishSecret")) {
            assertThat(text).containsPattern("(?m)^  " + step + " +ok ");
        }
        assertThat(text).contains("final labels: v1 AWSPREVIOUS | v2 AWSCURRENT");
        // The handler's own log lines came from the child JVM and show it used the local service.
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("  | ", "Step finishSecret succeeded");
        assertThat(text + err).doesNotContain("first-Secret-1");
    }

    @Test
    void aFailingStepFailsTheCommandAndShowsWhere() throws IOException {
        int code = rotor("rotate", "--handler", LocalTestHandler.class.getName(), "--secret", "app/db="
                + secretFile("{\"username\":\"app\",\"password\":\"first-Secret-1\",\"refuse\":\"yes\"}"), "--json");

        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(json).contains("\"outcome\" : \"FAILED\"", "CREDENTIAL_CHANGE_FAILED", "imaginary target refused")
                .doesNotContain("first-Secret-1");
    }

    @Test
    void rotateRefusesAClassThatIsNotAHandler() throws IOException {
        assertThat(rotor("rotate", "--handler", "java.lang.String", "--secret", "a=" + secretFile(VALUE)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("rotor rotate: error: java.lang.String is not a"
                + " com.amazonaws.services.lambda.runtime.RequestStreamHandler" + System.lineSeparator());
    }

    @Test
    void rotateRefusesAnUnknownClass() throws IOException {
        assertThat(rotor("rotate", "--handler", "com.example.Missing", "--secret", "a=" + secretFile(VALUE)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("handler class com.example.Missing not found");
    }

    @Test
    void rotateRefusesAMissingSecretFile() {
        assertThat(rotor("rotate", "--handler", LocalTestHandler.class.getName(), "--secret", "a=/no/such.json"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void serveAnswersTheSdkUntilInterrupted() throws Exception {
        LineWatcher watcher = new LineWatcher(Pattern.compile("listening on (http://\\S+) "));
        AtomicInteger code = new AtomicInteger(-1);
        Thread server = new Thread(() -> code.set(new RotorCli().run(new String[] {"serve", "--port", "0",
                "--secret", "app/db=" + secretFileUnchecked()}, new PrintStream(watcher, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))));
        server.start();
        URI endpoint = URI.create(watcher.await(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError(
                "serve printed no endpoint: " + watcher + err)));

        try (SecretsManagerClient client = Clients.secretsManager(Optional.of(endpoint), Optional.empty())) {
            assertThat(client.getSecretValue(b -> b.secretId("app/db")).secretString()).isEqualTo(VALUE);
        }
        assertThat(rotor("inspect", "--secret-id", "app/db", "--endpoint", endpoint.toString())).isZero();

        server.interrupt();
        server.join(10_000);
        assertThat(server.isAlive()).isFalse();
        assertThat(code.get()).isZero();
        assertThat(watcher.toString()).doesNotContain("first-Secret-1");
    }

    private Path secretFileUnchecked() {
        try {
            return secretFile(VALUE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Collects output and waits for a line that matches. */
    private static final class LineWatcher extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Pattern pattern;

        LineWatcher(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        synchronized Optional<String> await(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher matcher = pattern.matcher(bytes.toString(StandardCharsets.UTF_8));
                if (matcher.find()) {
                    return Optional.of(matcher.group(1));
                }
                wait(100);
            }
            return Optional.empty();
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
