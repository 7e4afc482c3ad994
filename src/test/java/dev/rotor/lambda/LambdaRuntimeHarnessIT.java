package dev.rotor.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda package under AWS's runtime interface client, in its own JVM, fed by the local Runtime API, with a
 * tiny handler: proves the harness, the runtime's event delivery (RotationToken included) and what the packaged
 * logging backend writes in each of Lambda's log formats and levels.
 */
class LambdaRuntimeHarnessIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private static Path taskRoot;

    @BeforeAll
    static void extractPackage() throws IOException {
        taskRoot = LambdaProcess.extractPackage(work.resolve("task"));
        LambdaProcess.addClasses(taskRoot, EchoHandler.class);
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerEventAtTheChosenLevel() throws Exception {
        String rotationToken = SampleEvents.json(Step.CREATE_SECRET).get("RotationToken").asText();
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = start(runtime, "json", Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON",
                        "AWS_LAMBDA_LOG_LEVEL", "INFO"))) {
            LocalLambdaRuntime.Result result = runtime.invoke(SampleEvents.text(Step.CREATE_SECRET), TIMEOUT);

            assertThat(result.succeeded()).as(function.output()).isTrue();
            JsonNode answer = MAPPER.readTree(result.body());
            assertThat(answer.get("step").asText()).isEqualTo("createSecret");
            assertThat(answer.get("requestId").asText()).isEqualTo(result.requestId());
            assertThat(answer.get("rotationTokenSha256").asText()).isEqualTo(EchoHandler.sha256(rotationToken));

            List<JsonNode> events = jsonEvents(function);
            assertThat(messages(events, "INFO")).containsExactly("EchoHandler: info line for createSecret of "
                    + SampleEvents.json(Step.CREATE_SECRET).get("SecretId").asText());
            assertThat(messages(events, "WARN")).containsExactly("EchoHandler: warn line | spanning | three lines");
            assertThat(messages(events, "ERROR")).singleElement().asString()
                    .startsWith("EchoHandler: error line with a stack trace | java.lang.IllegalStateException: outer"
                            + " | at dev.rotor.lambda.EchoHandler.handleRequest(")
                    .contains("| Caused by: java.io.IOException: inner");
            assertThat(messages(events, "DEBUG")).isEmpty();
            assertThat(messages(events, "TRACE")).isEmpty();
            assertThat(events).filteredOn(event -> event.get("message").asText().startsWith("EchoHandler"))
                    .allSatisfy(event -> assertThat(event.get("AWSRequestId").asText()).isEqualTo(result.requestId()));
            assertThat(function.output()).doesNotContain(rotationToken);
        }
    }

    @Test
    void jsonFormatHonoursADebugLevel() throws Exception {
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = start(runtime, "debug", Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON",
                        "AWS_LAMBDA_LOG_LEVEL", "DEBUG"))) {
            assertThat(runtime.invoke(SampleEvents.text(Step.SET_SECRET), TIMEOUT).succeeded()).isTrue();

            List<JsonNode> events = jsonEvents(function);
            assertThat(messages(events, "DEBUG")).contains("EchoHandler: debug line for setSecret");
            assertThat(messages(events, "TRACE")).isEmpty();
        }
    }

    @Test
    void textFormatWritesOneLinePerEventWithItsLevel() throws Exception {
        String rotationToken = SampleEvents.json(Step.TEST_SECRET).get("RotationToken").asText();
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = start(runtime, "text", Map.of("AWS_LAMBDA_LOG_FORMAT", "TEXT",
                        "ROTOR_LOG_LEVEL", "WARN"))) {
            assertThat(runtime.invoke(SampleEvents.text(Step.TEST_SECRET), TIMEOUT).succeeded()).isTrue();

            List<String> lines = function.outputLines();
            assertThat(lines).filteredOn(line -> line.contains("EchoHandler:")).hasSize(2);
            assertThat(lines).contains("[WARN] EchoHandler: warn line | spanning | three lines");
            assertThat(lines).filteredOn(line -> line.startsWith("[ERROR] EchoHandler: error line"))
                    .singleElement().asString().contains("| Caused by: java.io.IOException: inner");
            assertThat(lines).noneMatch(line -> line.contains("info line") || line.contains("debug line"));
            assertThat(function.output()).doesNotContain(rotationToken);
        }
    }

    @Test
    void theFunctionJvmRunsWithTheSamTemplatesJvmFlags() throws Exception {
        String flags = LambdaProcess.templateJvmOptions(Path.of("template.yaml"));
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = start(runtime, "flags", Map.of("AWS_LAMBDA_LOG_FORMAT", "TEXT"))) {
            assertThat(runtime.invoke(SampleEvents.text(Step.CREATE_SECRET), TIMEOUT).succeeded()).isTrue();

            assertThat(flags).contains("-XX:TieredStopAtLevel=1");
            // the JVM's own line: it read the variable Lambda would pass it from the template
            assertThat(function.outputLines()).contains("Picked up JAVA_TOOL_OPTIONS: " + flags);
        }
    }

    @Test
    void aFailingInvocationIsReportedAsAnErrorAndTheRuntimeGoesOn() throws Exception {
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime();
                LambdaProcess function = start(runtime, "error", Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"))) {
            String failing = SampleEvents.aimedAt(Step.FINISH_SECRET,
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:fail",
                    "0e5f7a1c-2d3b-4c5d-8e9f-a0b1c2d3e4f5");
            LocalLambdaRuntime.Result failed = runtime.invoke(failing, TIMEOUT);
            LocalLambdaRuntime.Result next = runtime.invoke(SampleEvents.text(Step.FINISH_SECRET), TIMEOUT);

            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.body()).contains("failing as asked").contains("IllegalStateException");
            assertThat(next.succeeded()).as(function.output()).isTrue();
            assertThat(function.isAlive()).isTrue();
        }
    }

    private static LambdaProcess start(LocalLambdaRuntime runtime, String name, Map<String, String> logSettings)
            throws IOException {
        Map<String, String> env = new HashMap<>(logSettings);
        env.put("AWS_REGION", "us-east-1");
        LambdaProcess function = LambdaProcess.start(taskRoot, EchoHandler.class.getName(), runtime.address(), env,
                work.resolve("logs-" + name));
        runtime.watch(function);
        return function;
    }

    /** Every line the child wrote that is a JSON object: with the JSON format, each log event. */
    private static List<JsonNode> jsonEvents(LambdaProcess function) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : function.outputLines()) {
            if (line.startsWith("{")) {
                JsonNode event = MAPPER.readTree(line);
                assertThat(event.has("level") && event.has("message") && event.has("timestamp")).as(line).isTrue();
                events.add(event);
            }
        }
        return events;
    }

    private static List<String> messages(List<JsonNode> events, String level) {
        return events.stream().filter(event -> event.get("level").asText().equals(level))
                .map(event -> event.get("message").asText()).toList();
    }
}
