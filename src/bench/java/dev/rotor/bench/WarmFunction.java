package dev.rotor.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.bench.child.ChildReport;
import dev.rotor.bench.child.ServeMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A rotation function backed by one long-lived function process ({@link ServeMain}): every step runs in the same
 * JVM, as in a warm Lambda container (or, started with the Python driver, one Python process). Keeps the handler
 * time of each step, measured inside the function process, with the scheduler's figures over it.
 */
final class WarmFunction implements RequestStreamHandler, AutoCloseable {
    private final Process process;
    private final Writer events;
    private final BufferedReader answers;
    private final List<StepTime> steps = new ArrayList<>();
    private Map<String, Long> memory = Map.of();

    WarmFunction(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
                log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' ');
        events.write(event + "\n");
        events.flush();
        String line;
        while ((line = answers.readLine()) != null && !line.startsWith(ServeMain.STEP)) {
            // the handler's own log lines on standard output
        }
        if (line == null) {
            throw new IllegalStateException("The function process ended");
        }
        String[] fields = line.split(" ");
        steps.add(new StepTime(millis(fields[1]), millis(fields[3]), millis(fields[4]), millis(fields[5]),
                millis(fields[6])));
        if (!fields[2].equals("ok")) {
            throw new IllegalStateException("The step failed in the function process");
        }
    }

    /** Every step so far, in order. */
    List<StepTime> steps() {
        return steps;
    }

    private static double millis(String nanos) {
        return Long.parseLong(nanos) / 1e6;
    }

    /**
     * One step, in ms: the handler's time; of that, the function thread on a core and waiting, runnable, for one;
     * meanwhile, the threads working for the function on a core (pgjdbc's connection threads), and the JVM
     * compiling and collecting. Negative where the kernel gave no figures.
     */
    record StepTime(double wall, double threadOnCpu, double threadWaiting, double helpersOnCpu, double jvmWork) {
        /** The sum of {@code steps}, figure by figure. */
        static StepTime sum(List<StepTime> steps) {
            return new StepTime(steps.stream().mapToDouble(StepTime::wall).sum(),
                    steps.stream().mapToDouble(StepTime::threadOnCpu).sum(),
                    steps.stream().mapToDouble(StepTime::threadWaiting).sum(),
                    steps.stream().mapToDouble(StepTime::helpersOnCpu).sum(),
                    steps.stream().mapToDouble(StepTime::jvmWork).sum());
        }
    }

    /** Ends the process's input and reads its memory line. */
    Map<String, Long> finish() {
        try {
            events.close();
            String line;
            while ((line = answers.readLine()) != null) {
                if (line.startsWith(ChildReport.MEMORY)) {
                    memory = ColdRun.parse(line.substring(ChildReport.MEMORY.length()));
                }
            }
            process.waitFor(1, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return memory;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
