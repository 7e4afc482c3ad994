package dev.rotor.mysql;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Two users take turns on MariaDB; the superuser secret named by masterarn provisions
 * the alternate. A SAM {@code Handler:} names it directly:
 *
 * <pre>{@code
 * Handler: dev.rotor.mysql.MariaDbAlternatingUsersHandler::handleRequest
 * }</pre>
 *
 * <p>Configured from the environment: Rotor's settings ({@link RotorConfig}), the database settings
 * ({@link DatabaseSettings}: {@code ROTOR_DB_TLS_MODE}, {@code ROTOR_DB_CA_BUNDLE}, timeouts).
 */
public final class MariaDbAlternatingUsersHandler extends RotationHandler {
    /** Configured from the environment. */
    public MariaDbAlternatingUsersHandler() {
        super(DatabaseChanger.alternatingUsers(new MariaDbEngine(), DatabaseSettings.fromEnvironment()));
    }

    /** With a given client and settings, for tests and for callers that build their own. */
    public MariaDbAlternatingUsersHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings) {
        this(client, config, settings, new MariaDbEngine());
    }

    /** With a given client, settings and engine. */
    public MariaDbAlternatingUsersHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings,
            MariaDbEngine engine) {
        super(DatabaseChanger.alternatingUsers(engine, settings), client, config);
    }
}
