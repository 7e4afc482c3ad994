package dev.rotor.testing;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Stands in for a database: each user's valid passwords (one normally, two in a dual-password mode). */
final class FakeTarget {
    private final Map<String, Set<String>> passwords = new ConcurrentHashMap<>();

    void createUser(String username, String password) {
        passwords.put(username, ConcurrentHashMap.newKeySet());
        passwords.get(username).add(password);
    }

    /** Replaces the user's password; with {@code retainOld}, the old one stays valid too. */
    void setPassword(String username, String password, boolean retainOld) {
        Set<String> valid = passwords.computeIfAbsent(username, u -> ConcurrentHashMap.newKeySet());
        synchronized (valid) {
            if (!retainOld) {
                valid.clear();
            }
            valid.add(password);
        }
    }

    boolean logsIn(String username, String password) {
        Set<String> valid = passwords.get(username);
        return valid != null && valid.contains(password);
    }

    boolean logsIn(Secret secret) {
        return logsIn(secret.requireString("username"), secret.requireSecret("password").reveal());
    }

    void requireLogin(Secret secret, String what) {
        if (!logsIn(secret)) {
            throw new RotationException(ErrorCode.LOGIN_FAILED, "Could not log in as "
                    + secret.requireString("username") + " with " + what);
        }
    }
}
