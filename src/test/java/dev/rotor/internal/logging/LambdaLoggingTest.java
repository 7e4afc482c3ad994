package dev.rotor.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LambdaLoggingTest {

    /** Stands in for the runtime client's logger, which applies the format and adds the level. */
    private static final class RecordingLogger implements LambdaLogger {
        final List<String> lines = new ArrayList<>();
        final List<LogLevel> levels = new ArrayList<>();

        @Override
        public void log(String message) {
            log(message, LogLevel.UNDEFINED);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            lines.add(message);
            levels.add(level);
        }
    }

    private final RecordingLogger sink = new RecordingLogger();

    private Logger logger(Map<String, String> env) {
        return new LambdaLoggerFactory(LogSettings.fromEnvironment(env), () -> sink).getLogger("dev.rotor.Example");
    }

    @Test
    void foldsLineBreaksAsTheRegularExpressionItReplacesDid() {
        Pattern lineBreaks = Pattern.compile("\\R\\s*");
        for (String text : List.of("", "one line", "a\nb", "a\r\nb", "a\rb", "a\n\n  \tb", "trailing\n", "\nleading",
                "a\u2028b\u2029c\u0085d\u000Be\ff", "a\n\u2028 b", "a \n b", "x\r\n\r\n\ty")) {
            assertThat(LambdaSlf4jLogger.fold(text)).as(text).isEqualTo(lineBreaks.matcher(text).replaceAll(" | "));
        }
    }

    @Test
    void defaultsToInfoAndText() {
        LogSettings settings = LogSettings.fromEnvironment(Map.of());
        assertThat(settings.threshold()).isEqualTo(LogLevel.INFO);
        assertThat(settings.json()).isFalse();
    }

    @Test
    void lambdasLevelWinsOverRotorsAndUnknownLevelsMeanInfo() {
        assertThat(LogSettings.fromEnvironment(Map.of("AWS_LAMBDA_LOG_LEVEL", "warn", "ROTOR_LOG_LEVEL", "DEBUG"))
                .threshold()).isEqualTo(LogLevel.WARN);
        assertThat(LogSettings.fromEnvironment(Map.of("ROTOR_LOG_LEVEL", "debug")).threshold())
                .isEqualTo(LogLevel.DEBUG);
        assertThat(LogSettings.fromEnvironment(Map.of("AWS_LAMBDA_LOG_LEVEL", "LOUD")).threshold())
                .isEqualTo(LogLevel.INFO);
        assertThat(LogSettings.fromEnvironment(Map.of("AWS_LAMBDA_LOG_FORMAT", "json")).json()).isTrue();
    }

    @Test
    void writesOnlyEventsAtOrAboveTheThreshold() {
        Logger logger = logger(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN"));
        logger.info("not written");
        logger.debug("not written");
        logger.warn("written {}", 1);
        logger.error("written {}", 2);

        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(sink.levels).containsExactly(LogLevel.WARN, LogLevel.ERROR);
    }

    @Test
    void textLinesEndInOneNewlineAndFoldEverythingElse() {
        Logger logger = logger(Map.of());
        logger.info("Step {} started:\nsecret {}", "createSecret", "arn");
        logger.error("failed", new IllegalStateException("outer\nsecond line"));

        assertThat(sink.lines.get(0)).isEqualTo("Example: Step createSecret started: | secret arn\n");
        assertThat(sink.lines.get(1)).startsWith("Example: failed | java.lang.IllegalStateException: outer | second"
                + " line | at dev.rotor.internal.logging.LambdaLoggingTest").endsWith("\n");
        assertThat(sink.lines).allSatisfy(line -> assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1));
        assertThat(sink.lines).allSatisfy(line -> assertThat(line).doesNotContain("\r"));
    }

    @Test
    void jsonMessagesCarryNoNewlineAtAll() {
        Logger logger = logger(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"));
        logger.warn("two\r\nlines", new RuntimeException("x"));

        assertThat(sink.lines).singleElement().asString().doesNotContain("\n").doesNotContain("\r")
                .startsWith("Example: two | lines | java.lang.RuntimeException: x | at ");
        assertThat(sink.levels).containsExactly(LogLevel.WARN);
    }

    @Test
    void outsideALambdaRuntimeClientTheLevelIsWrittenByRotor() {
        // LambdaRuntime's own stand-in logger prints bare text; the test classpath has no runtime client.
        Logger logger = new LambdaLoggerFactory(new LogSettings(LogLevel.INFO, false)).getLogger("a.b.C");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logger.info("hello {}", "world");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .isEqualTo("[INFO] C: hello world" + System.lineSeparator());
    }

    @Test
    void theProviderIsAnSlf4jTwoProvider() {
        LambdaLoggingProvider provider = new LambdaLoggingProvider();
        provider.initialize();
        assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
        assertThat(provider.getLoggerFactory().getLogger("x")).isInstanceOf(LambdaSlf4jLogger.class);
        assertThat(provider.getMarkerFactory()).isNotNull();
        assertThat(provider.getMDCAdapter()).isNotNull();
    }
}
