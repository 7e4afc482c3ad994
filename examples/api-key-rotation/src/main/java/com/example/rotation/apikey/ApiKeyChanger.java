package com.example.rotation.apikey;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the API key of a service that issues its keys itself. The secret is a JSON object:
 *
 * <pre>{@code
 * {"serviceUrl": "https://keys.example.com", "keyId": "key-17", "apiKey": "..."}
 * }</pre>
 *
 * Other keys are kept as they are.
 *
 * <ul>
 *   <li>createSecret: asks the service for a new key, authenticated with the current one. The handler calls this
 *       only while the pending version has no value, and the request carries the rotation's token as its
 *       {@code Idempotency-Key}, so a createSecret that is retried after the service answered (but before the value
 *       was stored) gets the same key back instead of an orphan second one.</li>
 *   <li>setSecret: nothing to do, a key is valid as soon as the service issues it; it only checks that the pending
 *       value names the same service.</li>
 *   <li>testSecret: calls {@code GET /whoami} with the pending key and checks the service sees the pending key id.</li>
 *   <li>finishSecret: after AWSCURRENT moved to the new key, revokes the replaced key. Until then the old key keeps
 *       working, so clients that read AWSCURRENT never hold a revoked key. A key that is already revoked is fine (a
 *       retried finishSecret).</li>
 * </ul>
 *
 * Only {@code https} service URLs are accepted, except {@code http} to a loopback address (local tests).
 */
public final class ApiKeyChanger implements CredentialChanger {
    /** The service's base URL. */
    public static final String SERVICE_URL = "serviceUrl";
    /** The key's id at the service; not secret. */
    public static final String KEY_ID = "keyId";
    /** The key itself. */
    public static final String API_KEY = "apiKey";

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyChanger.class);

    private final KeyServiceClient service;

    /** 5 s to connect and 10 s per request, each capped by the step's remaining time. */
    public ApiKeyChanger() {
        this(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** With given limits for one connection and one request. */
    public ApiKeyChanger(Duration connectTimeout, Duration requestTimeout) {
        this.service = new KeyServiceClient(connectTimeout, requestTimeout);
    }

    @Override
    public Secret createPending(RotationContext context) {
        Secret current = context.current();
        URI url = serviceUrl(current);
        String currentId = current.requireString(KEY_ID); // finishSecret revokes by id: refuse a secret without one
        KeyServiceClient.IssuedKey issued = service.issue(url, current.requireSecret(API_KEY), context.token(),
                context.budget());
        if (issued.id().equals(currentId)) {
            throw new RotationException(ErrorCode.CHANGER_FAILED, "The key service at "
                    + KeyServiceClient.authority(url) + " answered with the current key id " + issued.id()
                    + " instead of a new key (" + context.describe() + ")");
        }
        LOG.info("The key service at {} issued key {} for {}", KeyServiceClient.authority(url), issued.id(),
                context.describe());
        return current.with(KEY_ID, issued.id()).with(API_KEY, issued.key());
    }

    @Override
    public void apply(RotationContext context) {
        // The service made the key valid when it issued it. Refuse a pending value that points somewhere else.
        requireSameService(context.current(), context.pending(), context);
    }

    @Override
    public void verify(RotationContext context) {
        Secret pending = context.pending();
        URI url = serviceUrl(pending);
        String expected = pending.requireString(KEY_ID);
        Optional<String> seen = service.whoAmI(url, pending.requireSecret(API_KEY), context.budget());
        if (seen.isEmpty()) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "The key service at "
                    + KeyServiceClient.authority(url) + " refused the pending key " + expected + " ("
                    + context.describe() + ")");
        }
        if (!seen.get().equals(expected)) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "The key service at "
                    + KeyServiceClient.authority(url) + " took the pending key for key " + seen.get() + ", not "
                    + expected + " (" + context.describe() + ")");
        }
    }

    @Override
    public void afterFinish(RotationContext context) {
        Secret replaced = context.current(); // in afterFinish: the value AWSCURRENT just left (now AWSPREVIOUS)
        Secret fresh = context.pending();    // and the new current value
        String oldId = replaced.requireString(KEY_ID);
        if (oldId.equals(fresh.requireString(KEY_ID))) {
            LOG.warn("Not revoking key {}: it is also the new current key ({})", oldId, context.describe());
            return;
        }
        requireSameService(replaced, fresh, context);
        URI url = serviceUrl(fresh);
        SecretValue newKey = fresh.requireSecret(API_KEY);
        if (service.revoke(url, newKey, oldId, context.budget())) {
            LOG.info("Revoked the replaced key {} at {} ({})", oldId, KeyServiceClient.authority(url),
                    context.describe());
        } else {
            LOG.warn("The replaced key {} was already revoked at {} ({})", oldId, KeyServiceClient.authority(url),
                    context.describe());
        }
    }

    private static void requireSameService(Secret current, Secret pending, RotationContext context) {
        URI a = serviceUrl(current);
        URI b = serviceUrl(pending);
        if (!a.equals(b)) {
            throw new RotationException(ErrorCode.UNSAFE_PENDING_VALUE, "The pending value names the key service "
                    + KeyServiceClient.authority(b) + " but the current one names " + KeyServiceClient.authority(a)
                    + " (" + context.describe() + ")");
        }
    }

    /** The secret's service URL: https, or http to a loopback address. */
    static URI serviceUrl(Secret secret) {
        String raw = secret.requireString(SERVICE_URL);
        URI url;
        try {
            url = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new SecretFormatException("Key '" + SERVICE_URL + "' is not a valid URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawQuery() != null) {
            throw new SecretFormatException("Key '" + SERVICE_URL + "' must be an absolute URL with a host and"
                    + " without user info or query");
        }
        if (scheme.equals("https") || scheme.equals("http") && isLoopback(url.getHost())) {
            return url;
        }
        throw new SecretFormatException("Key '" + SERVICE_URL + "' must use https (http is accepted only to a"
                + " loopback address), but names " + scheme + "://" + url.getHost());
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // a name other than localhost: never resolved here, so never trusted as loopback
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal address: no DNS lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
