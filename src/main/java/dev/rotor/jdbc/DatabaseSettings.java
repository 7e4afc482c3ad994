package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.RotorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The database settings of a changer, read from the environment in one place.
 *
 * @param tlsMode the TLS mode when the secret says nothing ({@code ROTOR_DB_TLS_MODE}, default verify-full)
 * @param caBundle a PEM file of trusted CAs ({@code ROTOR_DB_CA_BUNDLE}); empty means the JDK's trust store
 * @param connectTimeout the limit of one connection attempt ({@code ROTOR_DB_CONNECT_TIMEOUT_MS}, default 5000)
 * @param statementTimeout the limit of one statement ({@code ROTOR_DB_STATEMENT_TIMEOUT_MS}, default 10000)
 */
public record DatabaseSettings(TlsMode tlsMode, Optional<Path> caBundle, Duration connectTimeout,
        Duration statementTimeout) {

    public DatabaseSettings {
        caBundle = caBundle == null ? Optional.empty() : caBundle;
    }

    /** Verified TLS, the JDK's trust store, 5 s to connect, 10 s per statement. */
    public static final DatabaseSettings DEFAULT = new DatabaseSettings(TlsMode.VERIFY_FULL, Optional.empty(),
            Duration.ofSeconds(5), Duration.ofSeconds(10));

    /** Reads the process environment. */
    public static DatabaseSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the given environment. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        String mode = env.get("ROTOR_DB_TLS_MODE");
        String bundle = env.get("ROTOR_DB_CA_BUNDLE");
        Optional<Path> caBundle = bundle == null || bundle.isBlank() ? Optional.empty() : Optional.of(Path.of(bundle));
        if (caBundle.isPresent() && !Files.isReadable(caBundle.get())) {
            throw new RotationException(ErrorCode.INVALID_CONFIGURATION, "ROTOR_DB_CA_BUNDLE names " + caBundle.get()
                    + ", which is not a readable file");
        }
        return new DatabaseSettings(
                mode == null || mode.isBlank() ? DEFAULT.tlsMode() : TlsMode.parse(mode, "ROTOR_DB_TLS_MODE"),
                caBundle,
                Duration.ofMillis(RotorConfig.integer(env, "ROTOR_DB_CONNECT_TIMEOUT_MS", 5_000)),
                Duration.ofMillis(RotorConfig.integer(env, "ROTOR_DB_STATEMENT_TIMEOUT_MS", 10_000)));
    }
}
