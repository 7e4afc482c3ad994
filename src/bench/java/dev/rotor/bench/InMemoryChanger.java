package dev.rotor.bench;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A changer whose "target" is a map in this JVM: setSecret stores the pending password for the secret, testSecret
 * checks that the stored password is the pending one. It measures the framework without a database.
 */
public final class InMemoryChanger implements CredentialChanger {
    private final Map<String, SecretValue> passwords = new ConcurrentHashMap<>();

    @Override
    public void apply(RotationContext context) {
        passwords.put(context.secretArn(), context.pending().requireSecret(PASSWORD));
    }

    @Override
    public void verify(RotationContext context) {
        SecretValue applied = passwords.get(context.secretArn());
        if (applied == null || !applied.equals(context.pending().requireSecret(PASSWORD))) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "The pending password was not applied ("
                    + context.describe() + ")");
        }
    }

    /** The password the target holds for the secret, if any. */
    public SecretValue applied(String secretArn) {
        return passwords.get(secretArn);
    }
}
