package dev.rotor.bench;

import dev.rotor.bench.child.ChildReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one measured child JVM and times it from just before the process is started to the moment its end marker
 * is read ({@link ChildReport#END}), then reads the memory line it prints.
 */
final class ColdRun {
    private ColdRun() {
    }

    /**
     * One child's figures: wall time to the end marker, memory (bytes), classes loaded, CPU time of the process (ms)
     * and of its main thread (µs) at the end of the step; -1 when not reported.
     */
    record Result(double millis, long peakRssBytes, long heapUsed, long heapCommitted, long metaspaceUsed,
            long metaspaceCommitted, long classes, long cpuMillis, long mainCpuMicros) {
        static Result of(double millis, Map<String, Long> memory) {
            return new Result(millis, memory.getOrDefault("hwmKib", -1L) * 1024,
                    memory.getOrDefault("heapUsed", -1L), memory.getOrDefault("heapCommitted", -1L),
                    memory.getOrDefault("metaspaceUsed", -1L), memory.getOrDefault("metaspaceCommitted", -1L),
                    memory.getOrDefault("classes", -1L), memory.getOrDefault("cpuMs", -1L),
                    memory.getOrDefault("mainCpuMicros", -1L));
        }
    }

    /**
     * Runs the command, writes {@code stdin} to it and closes its input, and waits for it to exit.
     *
     * @param log where the child's standard error goes (appended)
     * @throws IllegalStateException when the child exits without its end marker or with a non-zero status
     */
    static Result run(List<String> command, Map<String, String> env, byte[] stdin, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        double millis = -1;
        Map<String, Long> memory = new HashMap<>();
        List<String> output = new ArrayList<>();
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals(ChildReport.END)) {
                        millis = (System.nanoTime() - start) / 1e6;
                    } else if (line.startsWith(ChildReport.MEMORY)) {
                        memory = parse(line.substring(ChildReport.MEMORY.length()));
                    } else if (output.size() < 200) {
                        output.add(line);
                    }
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Child did not exit: " + command);
            }
            if (process.exitValue() != 0 || millis < 0) {
                throw new IllegalStateException("Child failed with status " + process.exitValue() + ": "
                        + String.join(" ", command.subList(Math.max(0, command.size() - 2), command.size()))
                        + "; see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        return Result.of(millis, memory);
    }

    static Map<String, Long> parse(String fields) {
        Map<String, Long> values = new HashMap<>();
        for (String field : fields.strip().split(" ")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                values.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
            }
        }
        return values;
    }
}
