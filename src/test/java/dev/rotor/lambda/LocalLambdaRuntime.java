package dev.rotor.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small local implementation of the Lambda Runtime API (version 2018-06-01), enough for AWS's runtime interface
 * client to run a function: {@code GET /runtime/invocation/next} hands out queued events (long polling, as Lambda
 * does), {@code POST /runtime/invocation/{id}/response} and {@code /error} complete them, {@code /runtime/init/error}
 * records a failed start. Loopback only.
 */
public final class LocalLambdaRuntime implements AutoCloseable {
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:rotor-it";
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** The outcome of one invocation: the response body, or the error the function reported. */
    public record Result(String requestId, boolean succeeded, String body, String errorType) {
    }

    private record Pending(String requestId, String event, long deadlineMs) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-lambda-runtime");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile int nextCalls;
    private volatile LambdaProcess watched;

    public LocalLambdaRuntime() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} for the runtime client: host and port, no scheme. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How often the client has asked for the next event (the client asks again after each result). */
    public int nextCalls() {
        return nextCalls;
    }

    /** The function process serving this runtime: a failed wait then reports its state and output. */
    public void watch(LambdaProcess function) {
        this.watched = function;
    }

    /** Queues one event and waits for the function's result. */
    public Result invoke(String eventJson, Duration timeout) throws InterruptedException, TimeoutException {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Result> result = new CompletableFuture<>();
        results.put(requestId, result);
        queue.add(new Pending(requestId, eventJson, System.currentTimeMillis() + timeout.toMillis()));
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (initError.isDone()) {
                    throw new IllegalStateException("The function failed to start: " + initError.getNow(""));
                }
                LambdaProcess function = watched;
                if (function != null && !function.isAlive() && !result.isDone()) {
                    throw new IllegalStateException("The function process exited; its output:\n" + output(function));
                }
                try {
                    return result.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() > end) {
                        throw new TimeoutException("No result for request " + requestId + " within " + timeout
                                + " (next polled " + nextCalls + " times); the function's output:\n"
                                + (function == null ? "(not watched)" : output(function)));
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Invocation " + requestId + " failed", e.getCause());
        } finally {
            results.remove(requestId);
        }
    }

    private static String output(LambdaProcess function) {
        try {
            return function.output();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(body(exchange));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                CompletableFuture<Result> result = parts.length == 3 ? results.get(parts[1]) : null;
                if (result == null || !(parts[2].equals("response") || parts[2].equals("error"))) {
                    respond(exchange, 400, "{\"errorMessage\":\"unknown request id or action\"}");
                    return;
                }
                boolean succeeded = parts[2].equals("response");
                String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                result.complete(new Result(parts[1], succeeded, body(exchange), succeeded ? null : errorType));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"not found\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        nextCalls++;
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        respond(exchange, 200, pending.event());
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
