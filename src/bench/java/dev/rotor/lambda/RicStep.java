package dev.rotor.lambda;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One step run the way Lambda runs it, for the benchmark: the deploy tests' {@link LambdaProcess} (the package
 * extracted as a task root, AWS's runtime interface client alone on the class path, a clean environment) fed one
 * event by their {@link LocalLambdaRuntime}. Timed from just before the process starts to the moment the runtime
 * client posts the step's response.
 */
public final class RicStep {
    /** Wall time to the response, and the process's peak RSS and CPU time (ms) read before it is stopped. */
    public record Result(double millis, long peakRssKib, long cpuMillis) {
    }

    private RicStep() {
    }

    /** Extracts the Lambda package (target/rotor-lambda.zip) into a task root. */
    public static Path taskRoot(Path into) throws IOException {
        return LambdaProcess.extractPackage(into);
    }

    /**
     * Runs one invocation in a new runtime-client JVM.
     *
     * @param handler the {@code Handler} setting, such as {@code dev.rotor.postgresql.PostgreSqlSingleUserHandler}
     * @param environment the function's variables (JAVA_TOOL_OPTIONS carries extra JVM flags, as on Lambda)
     * @throws IllegalStateException when the function reports an error
     */
    public static Result run(Path taskRoot, String handler, Map<String, String> environment, String event,
            Path logs) throws IOException, InterruptedException, TimeoutException {
        try (LocalLambdaRuntime runtime = new LocalLambdaRuntime()) {
            long start = System.nanoTime();
            try (LambdaProcess process = LambdaProcess.start(taskRoot, handler, runtime.address(), environment,
                    logs)) {
                Thread caller = Thread.currentThread();
                Thread watcher = new Thread(() -> {
                    while (process.isAlive()) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    caller.interrupt(); // the runtime client died before answering
                }, "ric-watcher");
                watcher.setDaemon(true);
                watcher.start();
                LocalLambdaRuntime.Result result;
                try {
                    result = runtime.invoke(event, Duration.ofMinutes(2));
                } catch (InterruptedException e) {
                    throw new IllegalStateException("The runtime client exited without answering; see " + logs, e);
                } finally {
                    watcher.interrupt();
                }
                Thread.interrupted(); // a late interrupt from the watcher is not ours to keep
                double millis = (System.nanoTime() - start) / 1e6;
                long rss = process.peakRssKb();
                long cpu = process.cpuMillis();
                if (!result.succeeded()) {
                    throw new IllegalStateException("The step failed in the runtime client: " + result.errorType()
                            + "; see " + logs);
                }
                return new Result(millis, rss, cpu);
            }
        }
    }
}
