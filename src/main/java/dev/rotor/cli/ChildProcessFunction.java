package dev.rotor.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.testing.LocalSecretsManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A rotation function that runs in a child JVM ({@link HandlerHost}), so that its no-argument constructor reads an
 * environment that points it at the local Secrets Manager: {@code SECRETS_MANAGER_ENDPOINT} and
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} set to the local endpoint, region {@code us-east-1}, and the local
 * service's dummy credentials instead of any real ones. The child lives as long as this object, like a warm Lambda
 * execution environment; its stderr (the handler's logs) is copied to ours, each line prefixed.
 */
final class ChildProcessFunction implements RequestStreamHandler, AutoCloseable {
    private final Process process;
    private final Writer events;
    private final BufferedReader answers;
    private final Duration timeout;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rotor-function-reader");
        thread.setDaemon(true);
        return thread;
    });

    private ChildProcessFunction(Process process, Duration timeout) {
        this.process = process;
        this.events = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    /**
     * Starts the child JVM and waits until the handler is constructed.
     *
     * @throws CliException when the child cannot start or the constructor fails
     */
    static ChildProcessFunction start(String handlerClass, List<Path> classpath, URI endpoint, String functionArn,
            Duration timeout, PrintStream log) throws IOException {
        List<String> entries = new ArrayList<>();
        classpath.forEach(path -> entries.add(path.toAbsolutePath().toString()));
        entries.add(System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.logFile=System.err", "-Dorg.slf4j.simpleLogger.showThreadName=false",
                "-cp", String.join(java.io.File.pathSeparator, entries), HandlerHost.class.getName(), handlerClass,
                functionArn, Long.toString(timeout.toMillis()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("SECRETS_MANAGER_ENDPOINT", endpoint.toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", LocalSecretsManager.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret-key");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        Process process = builder.start();
        Thread pump = new Thread(() -> copyLines(process.getErrorStream(), log), "rotor-function-log");
        pump.setDaemon(true);
        pump.start();
        ChildProcessFunction function = new ChildProcessFunction(process, timeout.plusSeconds(30));
        String first = function.answer();
        if (!first.equals(HandlerHost.READY)) {
            function.close();
            throw CliException.failure(first.startsWith(HandlerHost.ERR) ? first.substring(HandlerHost.ERR.length())
                    : "the function process did not start: " + first, null);
        }
        return function;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8).replace('\n', ' ');
        events.write(event);
        events.write('\n');
        events.flush();
        String answer = answer();
        if (!answer.equals(HandlerHost.OK)) {
            throw new RotationException(ErrorCode.CHANGER_FAILED, "the function failed: "
                    + (answer.startsWith(HandlerHost.ERR) ? answer.substring(HandlerHost.ERR.length()) : answer));
        }
    }

    private String answer() throws IOException {
        Future<String> line = reader.submit(answers::readLine);
        try {
            String answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new IOException("the function process exited (code " + process.waitFor() + ")");
            }
            return answer;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the function process did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read from the function process", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the function process", e);
        }
    }

    private static void copyLines(InputStream stream, PrintStream log) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.println("  | " + line);
            }
        } catch (IOException e) {
            log.println("  | (function log ended: " + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        try {
            events.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            reader.shutdownNow();
        }
    }
}
