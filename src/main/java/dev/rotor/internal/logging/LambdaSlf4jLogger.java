package dev.rotor.internal.logging;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One SLF4J logger that writes each event as one line through the Lambda runtime's logger. The line is
 * {@code <logger's simple name>: <message>}, followed by {@code  | <stack trace lines>} when a throwable is given;
 * line breaks inside the message or the stack trace are folded into {@code " | "}, so an event never spans lines.
 * The runtime adds the level (and, in JSON format, the timestamp and request id).
 */
final class LambdaSlf4jLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private static final String DEFAULT_LOGGER_CLASS_PREFIX = LambdaRuntime.class.getName() + "$";

    private final transient LogSettings settings;
    private final transient Supplier<LambdaLogger> sink;
    private final String shortName;

    LambdaSlf4jLogger(String name, LogSettings settings, Supplier<LambdaLogger> sink) {
        this.name = name;
        this.settings = settings;
        this.sink = sink;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
    }

    @Override
    public boolean isTraceEnabled() {
        return settings.enabled(LogLevel.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return settings.enabled(LogLevel.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return settings.enabled(LogLevel.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return settings.enabled(LogLevel.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return settings.enabled(LogLevel.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        LogLevel lambdaLevel = toLambda(level);
        if (!settings.enabled(lambdaLevel)) {
            return;
        }
        StringBuilder line = new StringBuilder(shortName).append(": ")
                .append(MessageFormatter.basicArrayFormat(messagePattern, arguments));
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(" | ").append(trace.toString().strip());
        }
        String folded = fold(line);
        LambdaLogger logger = sink.get();
        if (logger.getClass().getName().startsWith(DEFAULT_LOGGER_CLASS_PREFIX)) {
            // Not under a Lambda runtime client: its stand-in prints the bare text, so name the level here.
            logger.log("[" + lambdaLevel + "] " + folded + System.lineSeparator());
        } else if (settings.json()) {
            logger.log(folded, lambdaLevel);
        } else {
            logger.log(folded + "\n", lambdaLevel);
        }
    }

    /**
     * Replaces each line break (any of {@code \R}) and the white space after it with {@code " | "}; without a regular
     * expression, which would cost the first log line of a cold start its compilation.
     */
    static String fold(CharSequence text) {
        StringBuilder out = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!isLineBreak(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length + 16).append(text, 0, i);
            }
            out.append(" | ");
            while (i + 1 < length && isSpace(text.charAt(i + 1))) {
                i++;
            }
        }
        return out == null ? text.toString() : out.toString();
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** The characters of {@code \s}. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    static LogLevel toLambda(Level level) {
        return switch (level) {
            case TRACE -> LogLevel.TRACE;
            case DEBUG -> LogLevel.DEBUG;
            case INFO -> LogLevel.INFO;
            case WARN -> LogLevel.WARN;
            case ERROR -> LogLevel.ERROR;
        };
    }
}
