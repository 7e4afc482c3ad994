package dev.rotor.internal.logging;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.util.Locale;
import java.util.Map;

/**
 * What the Lambda function's logging configuration asks for, read from the variables Lambda sets.
 *
 * @param threshold the lowest level written: {@code AWS_LAMBDA_LOG_LEVEL} (set by Lambda with the JSON format),
 *     else {@code ROTOR_LOG_LEVEL}; INFO when neither names a level
 * @param json whether Lambda writes JSON log lines ({@code AWS_LAMBDA_LOG_FORMAT=JSON}); text otherwise
 */
public record LogSettings(LogLevel threshold, boolean json) {

    /** The level used when {@code AWS_LAMBDA_LOG_LEVEL} is unset: INFO, the default of Lambda's JSON format. */
    public static final LogLevel DEFAULT_THRESHOLD = LogLevel.INFO;

    public LogSettings {
        threshold = threshold == null || threshold == LogLevel.UNDEFINED ? DEFAULT_THRESHOLD : threshold;
    }

    /** Reads the process environment. */
    public static LogSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the given environment. */
    public static LogSettings fromEnvironment(Map<String, String> env) {
        String level = env.get("AWS_LAMBDA_LOG_LEVEL");
        if (level == null || level.isBlank()) {
            level = env.get("ROTOR_LOG_LEVEL");
        }
        return new LogSettings(level(level),
                "JSON".equalsIgnoreCase(strip(env.get("AWS_LAMBDA_LOG_FORMAT"))));
    }

    /** Whether an event of this level is written. */
    public boolean enabled(LogLevel level) {
        return level.ordinal() >= threshold.ordinal();
    }

    private static LogLevel level(String raw) {
        String name = strip(raw).toUpperCase(Locale.ROOT);
        for (LogLevel level : LogLevel.values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        return DEFAULT_THRESHOLD;
    }

    private static String strip(String raw) {
        return raw == null ? "" : raw.strip();
    }
}
