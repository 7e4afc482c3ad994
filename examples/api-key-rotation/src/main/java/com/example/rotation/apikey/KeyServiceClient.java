package com.example.rotation.apikey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.TimeBudget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The key service's HTTP API, as the changer uses it. Every request is bounded by the step's {@link TimeBudget};
 * no response body, key or header value ever reaches an exception message (a body may hold a key).
 *
 * <ul>
 *   <li>{@code POST /keys} with {@code Authorization: Bearer <key>} and {@code Idempotency-Key: <id>}: issues a key,
 *       answering {@code {"id": "...", "key": "..."}}; the same idempotency key gets the same key back.</li>
 *   <li>{@code GET /whoami} with a key: {@code 200 {"id": "..."}} when the key is valid, 401 when not.</li>
 *   <li>{@code DELETE /keys/{id}} with a key: 204 when revoked, 404 when the id is unknown or already revoked.</li>
 * </ul>
 */
final class KeyServiceClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration requestTimeout;

    /** A key as the service issued it; it prints its id only. */
    record IssuedKey(String id, SecretValue key) {
        IssuedKey {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(key, "key");
        }
    }

    KeyServiceClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would carry the key elsewhere
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** Issues a new key, authenticated with an existing one; the idempotency key makes a retry get the same key. */
    IssuedKey issue(URI service, SecretValue credential, String idempotencyKey, TimeBudget budget) {
        HttpRequest request = request(service, "/keys", credential, budget)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = send(request, service, "issue a key", budget);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RotationException(ErrorCode.LOGIN_FAILED, "The key service at " + authority(service)
                    + " refused the current key when asked for a new one (HTTP " + response.statusCode() + ")");
        }
        requireStatus(response, service, "issue a key", 200, 201);
        JsonNode body = parse(response, service, "issue a key");
        JsonNode id = body.get("id");
        JsonNode key = body.get("key");
        if (id == null || !id.isTextual() || key == null || !key.isTextual() || key.textValue().isEmpty()) {
            throw new RotationException(ErrorCode.CHANGER_FAILED, "The key service at " + authority(service)
                    + " answered POST /keys without a textual id and key");
        }
        return new IssuedKey(id.textValue(), SecretValue.of(key.textValue()));
    }

    /** The id of the key the service sees, or empty when the service refuses the key. */
    Optional<String> whoAmI(URI service, SecretValue key, TimeBudget budget) {
        HttpRequest request = request(service, "/whoami", key, budget).GET().build();
        HttpResponse<String> response = send(request, service, "check a key", budget);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return Optional.empty();
        }
        requireStatus(response, service, "check a key", 200);
        JsonNode id = parse(response, service, "check a key").get("id");
        return id != null && id.isTextual() ? Optional.of(id.textValue()) : Optional.empty();
    }

    /**
     * Revokes a key by id, authenticated with another key.
     *
     * @return true when this call revoked it, false when it was already revoked or unknown
     */
    boolean revoke(URI service, SecretValue credential, String keyId, TimeBudget budget) {
        String path = "/keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest request = request(service, path, credential, budget).DELETE().build();
        HttpResponse<String> response = send(request, service, "revoke key " + keyId, budget);
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RotationException(ErrorCode.LOGIN_FAILED, "The key service at " + authority(service)
                    + " refused the new key when asked to revoke key " + keyId + " (HTTP " + response.statusCode()
                    + ")");
        }
        requireStatus(response, service, "revoke key " + keyId, 200, 204);
        return true;
    }

    private HttpRequest.Builder request(URI service, String path, SecretValue key, TimeBudget budget) {
        String base = service.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(budget.cap(requestTimeout))
                .header("Authorization", "Bearer " + key.reveal());
    }

    private HttpResponse<String> send(HttpRequest request, URI service, String what, TimeBudget budget) {
        budget.check("asking the key service at " + authority(service) + " to " + what);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RotationException(ErrorCode.CHANGER_FAILED, "Could not reach the key service at "
                    + authority(service) + " to " + what + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RotationException(ErrorCode.CHANGER_FAILED, "Interrupted while asking the key service at "
                    + authority(service) + " to " + what, e);
        }
    }

    private static void requireStatus(HttpResponse<String> response, URI service, String what, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return;
            }
        }
        // The body is not quoted: it is the service's text and may contain a key.
        throw new RotationException(ErrorCode.CHANGER_FAILED, "The key service at " + authority(service)
                + " failed to " + what + ": HTTP " + response.statusCode());
    }

    private static JsonNode parse(HttpResponse<String> response, URI service, String what) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException e) {
            // reported below, without the body
        }
        throw new RotationException(ErrorCode.CHANGER_FAILED, "The key service at " + authority(service)
                + " answered a request to " + what + " with a body that is not a JSON object");
    }

    static String authority(URI service) {
        return service.getScheme() + "://" + service.getRawAuthority();
    }
}
