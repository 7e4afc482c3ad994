package dev.rotor.postgresql;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.PasswordGenerator;
import dev.rotor.spi.RotationContext;
import dev.rotor.spi.TimeBudget;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RotationContext} over values held in memory, to drive the strategies and the engine directly against a
 * real server (the end-to-end tests go through the handler and a Secrets Manager instead). Passwords are random
 * and avoid PostgreSQL's default excluded characters.
 */
final class MemoryContext implements RotationContext {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%^&*()-_=+";
    private static final SecureRandom RANDOM = new SecureRandom();

    Secret current;
    Secret pending;
    Secret previous;
    final Map<String, Secret> others = new HashMap<>();
    Step step = Step.SET_SECRET;
    Duration budget = Duration.ofSeconds(30);

    MemoryContext(Secret current) {
        this.current = current;
    }

    /** A random password of 24 characters. */
    static SecretValue randomPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return SecretValue.of(password.toString());
    }

    @Override
    public String secretArn() {
        return "arn:aws:secretsmanager:us-east-1:123456789012:secret:test-AbCdEf";
    }

    @Override
    public String token() {
        return "00000000-0000-4000-8000-000000000001";
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public Secret current() {
        return current;
    }

    @Override
    public Secret pending() {
        if (pending == null) {
            throw new RotationException(ErrorCode.PENDING_VERSION_MISSING, "no pending value");
        }
        return pending;
    }

    @Override
    public Optional<Secret> previous() {
        return Optional.ofNullable(previous);
    }

    @Override
    public Secret otherSecret(String secretId) {
        Secret other = others.get(secretId);
        if (other == null) {
            throw new RotationException(ErrorCode.CURRENT_VERSION_MISSING, "Secret " + secretId + " not found");
        }
        return other;
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return PasswordPolicy.DEFAULT;
    }

    @Override
    public PasswordGenerator passwords() {
        return policy -> randomPassword();
    }

    @Override
    public TimeBudget budget() {
        return TimeBudget.of(budget);
    }

    /** finishSecret's label moves: pending becomes current, current previous. */
    void finish() {
        previous = current;
        current = pending;
        pending = null;
    }
}
