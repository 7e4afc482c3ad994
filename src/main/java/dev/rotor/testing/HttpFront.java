package dev.rotor.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rotor.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON 1.1 protocol on loopback: {@code POST /} with {@code X-Amz-Target: secretsmanager.<Operation>}, JSON in
 * and out, errors as HTTP 400 (500 for InternalServiceError) with {@code {"__type": ..., "message": ...}}.
 * Signatures are not checked. Each request runs on its own thread, so a rotation function invoked while
 * {@code RotateSecret} is being served can call back into the service.
 */
final class HttpFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "secretsmanager.";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add about 40 ms to every call. Read once, when the JDK's server configuration class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Dispatcher dispatcher;

    HttpFront(int port, Dispatcher dispatcher) throws IOException {
        this.dispatcher = dispatcher;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                error(exchange, new SecretsManagerError("UnknownOperationException", 400,
                        "Expected POST / with X-Amz-Target: secretsmanager.<Operation>"));
                return;
            }
            String operation = target.substring(TARGET_PREFIX.length());
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                request = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                error(exchange, new SecretsManagerError("SerializationException", 400, "The body is not valid JSON"));
                return;
            }
            try {
                respond(exchange, 200, dispatcher.handle(operation, request));
            } catch (SecretsManagerError e) {
                error(exchange, e);
            } catch (RuntimeException e) {
                LOG.error("The local Secrets Manager failed on {}: {}", operation, e.getClass().getName());
                error(exchange, SecretsManagerError.internal("The local Secrets Manager failed: "
                        + e.getClass().getName()));
            }
        }
    }

    private static void error(HttpExchange exchange, SecretsManagerError e) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("__type", e.type());
        body.put("message", e.getMessage());
        exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type());
        respond(exchange, e.status(), body);
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-secrets-manager-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
