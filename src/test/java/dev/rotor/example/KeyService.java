package dev.rotor.example;

import dev.rotor.secrets.SecretValue;

/**
 * The README example's stand-in for a user's own key service client. A real one would call the service over HTTP;
 * the test uses {@link InMemoryKeyService}.
 */
public interface KeyService {
    /** Issues a new key for the client; the same idempotency key returns the same key. */
    SecretValue issue(String client, String idempotencyKey);

    /** Fails unless the key is valid. */
    void check(SecretValue key);

    /** Revokes the key; revoking a revoked key does nothing. */
    void revoke(SecretValue key);

    /** The deployed function's client; not available in this test copy. */
    static KeyService fromEnvironment() {
        throw new UnsupportedOperationException("The README example has no real key service; tests construct the"
                + " changer with an InMemoryKeyService");
    }
}
