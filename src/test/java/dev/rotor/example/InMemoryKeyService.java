package dev.rotor.example;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.SecretValue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A key service that keeps its keys in memory. */
final class InMemoryKeyService implements KeyService {
    final Set<String> valid = new HashSet<>();
    final Set<String> revoked = new HashSet<>();
    final Map<String, String> issuedByIdempotencyKey = new HashMap<>();

    String issueDirectly() {
        String key = "key-" + UUID.randomUUID();
        valid.add(key);
        return key;
    }

    @Override
    public SecretValue issue(String client, String idempotencyKey) {
        return SecretValue.of(issuedByIdempotencyKey.computeIfAbsent(idempotencyKey, ignored -> issueDirectly()));
    }

    @Override
    public void check(SecretValue key) {
        if (!valid.contains(key.reveal())) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "The key service refused the key");
        }
    }

    @Override
    public void revoke(SecretValue key) {
        if (valid.remove(key.reveal())) {
            revoked.add(key.reveal());
        }
    }
}
