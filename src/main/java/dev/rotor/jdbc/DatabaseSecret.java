package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretValue;
import java.util.Optional;

/**
 * A database secret in the format of the AWS rotation templates: {@code engine}, {@code host}, {@code port},
 * {@code username}, {@code password}, {@code dbname}, {@code masterarn}, {@code ssl}. Unknown keys stay in
 * {@link #secret()}. {@link #toString()} never prints the password.
 *
 * <p>{@code ssl} may be {@code true} (verified TLS), {@code false} (plaintext), or one of the {@link TlsMode}
 * names; when absent, the configured mode applies (verified TLS by default).
 *
 * @param engine the {@code engine} key, when present
 * @param host the server's host name
 * @param port the port, from the key or the engine's default
 * @param username the database user
 * @param password the user's password
 * @param dbname the database to connect to, from the key or the engine's default
 * @param masterArn the superuser secret of the alternating-users strategy, when present
 * @param tls the TLS mode this secret asks for, when it says
 * @param secret the whole value, unknown keys included
 */
public record DatabaseSecret(Optional<String> engine, String host, int port, String username, SecretValue password,
        Optional<String> dbname, Optional<String> masterArn, Optional<TlsMode> tls, Secret secret) {

    /** Secret keys. */
    public static final String ENGINE = "engine";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String DBNAME = "dbname";
    public static final String MASTERARN = "masterarn";
    public static final String SSL = "ssl";

    /**
     * Reads a database secret for the engine.
     *
     * @throws SecretFormatException when a required key is missing or a key has the wrong type
     * @throws RotationException with {@link ErrorCode#UNSUPPORTED_ENGINE} when {@code engine} names another engine
     */
    public static DatabaseSecret parse(Secret secret, DatabaseEngine engine) {
        if (!secret.isJson()) {
            throw new SecretFormatException(origin(secret) + " must be a JSON object with host, username and"
                    + " password, but is a plain string");
        }
        // plain code rather than Optional chains: each lambda would be a class to spin up on a cold step
        Optional<String> engineName = secret.string(ENGINE);
        if (engineName.isPresent() && !engine.engineNames().contains(engineName.get())) {
            throw new RotationException(ErrorCode.UNSUPPORTED_ENGINE, origin(secret) + ": engine '" + engineName.get()
                    + "' is not handled by the " + engine.displayName() + " changer (expected one of "
                    + engine.engineNames() + ")");
        }
        int port = secret.integer(PORT).orElse(engine.defaultPort());
        if (port < 1 || port > 65_535) {
            throw new SecretFormatException(origin(secret) + ": key 'port' must be between 1 and 65535");
        }
        Optional<String> dbname = nonBlank(secret.string(DBNAME));
        return new DatabaseSecret(engineName, secret.requireString(HOST).strip(), port,
                secret.requireString(USERNAME), secret.requireSecret(PASSWORD),
                dbname.isPresent() ? dbname : engine.defaultDatabase(),
                nonBlank(secret.string(MASTERARN)), tlsOf(secret), secret);
    }

    /** The same credentials with another user name and password (for example, the alternate user). */
    public DatabaseSecret withUser(String newUsername, SecretValue newPassword) {
        return new DatabaseSecret(engine, host, port, newUsername, newPassword, dbname, masterArn, tls,
                secret.with(USERNAME, newUsername).with(PASSWORD, newPassword));
    }

    /** The TLS mode to use: the secret's, else the configured one. */
    public TlsMode tlsMode(DatabaseSettings settings) {
        return tls.orElse(settings.tlsMode());
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "DatabaseSecret[" + username + "@" + address() + dbname.map(name -> "/" + name).orElse("")
                + ", password=<masked>]";
    }

    private static Optional<TlsMode> tlsOf(Secret secret) {
        if (!secret.has(SSL)) {
            return Optional.empty();
        }
        try {
            return secret.bool(SSL).map(on -> on ? TlsMode.VERIFY_FULL : TlsMode.DISABLE);
        } catch (SecretFormatException notABoolean) {
            String value = secret.requireString(SSL);
            try {
                return Optional.of(TlsMode.parse(value, origin(secret) + ": key 'ssl'"));
            } catch (RotationException unknownMode) {
                throw new SecretFormatException(origin(secret) + ": key 'ssl' must be true, false, disable, require,"
                        + " verify-ca or verify-full");
            }
        }
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.isPresent() && value.get().isBlank() ? Optional.empty() : value;
    }

    private static String origin(Secret secret) {
        return secret.origin().isPresent() ? "Secret value (" + secret.origin().get() + ")" : "Secret value";
    }
}
