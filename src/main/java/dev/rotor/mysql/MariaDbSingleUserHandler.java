package dev.rotor.mysql;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secret's user changes its own password on MariaDB. A SAM {@code Handler:} names it directly:
 *
 * <pre>{@code
 * Handler: dev.rotor.mysql.MariaDbSingleUserHandler::handleRequest
 * }</pre>
 *
 * <p>Configured from the environment: Rotor's settings ({@link RotorConfig}), the database settings
 * ({@link DatabaseSettings}: {@code ROTOR_DB_TLS_MODE}, {@code ROTOR_DB_CA_BUNDLE}, timeouts).
 */
public final class MariaDbSingleUserHandler extends RotationHandler {
    /** Configured from the environment. */
    public MariaDbSingleUserHandler() {
        super(DatabaseChanger.singleUser(new MariaDbEngine(), DatabaseSettings.fromEnvironment()));
    }

    /** With a given client and settings, for tests and for callers that build their own. */
    public MariaDbSingleUserHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings) {
        this(client, config, settings, new MariaDbEngine());
    }

    /** With a given client, settings and engine. */
    public MariaDbSingleUserHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings,
            MariaDbEngine engine) {
        super(DatabaseChanger.singleUser(engine, settings), client, config);
    }
}
