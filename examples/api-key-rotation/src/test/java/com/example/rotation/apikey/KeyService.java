package com.example.rotation.apikey;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A tiny HTTP service that issues API keys, on loopback, for the tests. It speaks the API that
 * {@link KeyServiceClient} documents: {@code POST /keys} (authenticated by any valid key, with an optional
 * {@code Idempotency-Key}), {@code GET /whoami}, {@code DELETE /keys/{id}}. Every key it issued stays listed, with
 * whether it is revoked, so that tests can count orphan keys.
 */
final class KeyService implements AutoCloseable {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, String> byIdempotencyKey = new LinkedHashMap<>();
    private final AtomicInteger issueRequests = new AtomicInteger();
    private final List<Consumer<String>> revokeListeners = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    /** One key the service issued. */
    record Key(String id, String secret, boolean revoked) {
        @Override
        public String toString() {
            return "Key{" + id + (revoked ? ", revoked" : "") + "}";
        }
    }

    private KeyService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static KeyService start() {
        try {
            return new KeyService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Issues a key directly, as an administrator would for the first secret value. */
    synchronized Key issueBootstrapKey() {
        return issue();
    }

    /** Revokes a key directly, outside the API (a test's way to break a key). */
    synchronized void revokeDirectly(String id) {
        Key key = keys.get(id);
        keys.put(id, new Key(id, key.secret(), true));
    }

    /** Called with the key id, inside the DELETE request, just before a key is revoked through the API. */
    void onRevoke(Consumer<String> listener) {
        revokeListeners.add(listener);
    }

    synchronized boolean isValid(String secret) {
        return find(secret).isPresent();
    }

    synchronized List<Key> keys() {
        return List.copyOf(keys.values());
    }

    synchronized List<Key> activeKeys() {
        return keys.values().stream().filter(k -> !k.revoked()).toList();
    }

    /** Every key value it ever issued, for leak checks. */
    synchronized List<String> allSecrets() {
        return keys.values().stream().map(Key::secret).toList();
    }

    /** How many {@code POST /keys} requests it answered with a key (new or idempotent repeat). */
    int issueRequests() {
        return issueRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Optional<Key> caller = caller(exchange);
            if (caller.isEmpty()) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
            } else if (method.equals("GET") && path.equals("/whoami")) {
                send(exchange, 200, "{\"id\":\"" + caller.get().id() + "\"}");
            } else if (method.equals("POST") && path.equals("/keys")) {
                Key key = issue(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                issueRequests.incrementAndGet();
                send(exchange, 201, "{\"id\":\"" + key.id() + "\",\"key\":\"" + key.secret() + "\"}");
            } else if (method.equals("DELETE") && path.startsWith("/keys/")) {
                String id = path.substring("/keys/".length());
                if (!isActiveId(id)) {
                    send(exchange, 404, "{\"error\":\"no such active key\"}");
                    return;
                }
                revokeListeners.forEach(listener -> listener.accept(id));
                revokeDirectly(id);
                exchange.sendResponseHeaders(204, -1);
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private synchronized Optional<Key> caller(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return Optional.empty();
        }
        return find(header.substring("Bearer ".length()));
    }

    private synchronized boolean isActiveId(String id) {
        Key key = keys.get(id);
        return key != null && !key.revoked();
    }

    private synchronized Key issue(String idempotencyKey) {
        if (idempotencyKey != null && byIdempotencyKey.containsKey(idempotencyKey)) {
            return keys.get(byIdempotencyKey.get(idempotencyKey));
        }
        Key key = issue();
        if (idempotencyKey != null) {
            byIdempotencyKey.put(idempotencyKey, key.id());
        }
        return key;
    }

    private Key issue() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        Key key = new Key("key-" + (keys.size() + 1), "ak_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(bytes), false);
        keys.put(key.id(), key);
        return key;
    }

    private Optional<Key> find(String secret) {
        List<Key> matches = new ArrayList<>();
        for (Key key : keys.values()) {
            if (!key.revoked() && key.secret().equals(secret)) {
                matches.add(key);
            }
        }
        return matches.stream().findFirst();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
