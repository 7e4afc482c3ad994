package dev.rotor.testing.readme;

import dev.rotor.secrets.Secret;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The README example's stand-in for the service whose password is rotated: username to password. */
public final class Accounts {
    private final Map<String, String> passwords;

    public Accounts(Map<String, String> passwords) {
        this.passwords = new ConcurrentHashMap<>(passwords);
    }

    public boolean logsIn(String username, String password) {
        return password.equals(passwords.get(username));
    }

    public boolean logsIn(Secret secret) {
        return logsIn(secret.requireString("username"), secret.requireSecret("password").reveal());
    }

    void setPassword(String username, String password) {
        passwords.put(username, password);
    }
}
