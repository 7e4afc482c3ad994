package dev.rotor.internal.logging;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** Hands out one {@link LambdaSlf4jLogger} per name, all sharing the settings read once at start. */
final class LambdaLoggerFactory implements ILoggerFactory {
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogSettings settings;
    private final Supplier<LambdaLogger> sink;

    LambdaLoggerFactory(LogSettings settings) {
        this(settings, LambdaRuntime::getLogger);
    }

    LambdaLoggerFactory(LogSettings settings, Supplier<LambdaLogger> sink) {
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, key -> new LambdaSlf4jLogger(key, settings, sink));
    }
}
