package dev.rotor.mysql;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secret's user changes its own password on MySQL or Aurora MySQL. A SAM {@code Handler:} names it directly:
 *
 * <pre>{@code
 * Handler: dev.rotor.mysql.MySqlSingleUserHandler::handleRequest
 * }</pre>
 *
 * <p>Configured from the environment: Rotor's settings ({@link RotorConfig}), the database settings
 * ({@link DatabaseSettings}: {@code ROTOR_DB_TLS_MODE}, {@code ROTOR_DB_CA_BUNDLE}, timeouts) and
 * {@value MySqlEngine#DUAL_PASSWORD_ENV}.
 */
public final class MySqlSingleUserHandler extends RotationHandler {
    /** Configured from the environment. */
    public MySqlSingleUserHandler() {
        super(DatabaseChanger.singleUser(MySqlEngine.fromEnvironment(), DatabaseSettings.fromEnvironment()));
    }

    /** With a given client and settings, for tests and for callers that build their own. */
    public MySqlSingleUserHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings) {
        this(client, config, settings, MySqlEngine.fromEnvironment());
    }

    /** With a given client, settings and engine. */
    public MySqlSingleUserHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings,
            MySqlEngine engine) {
        super(DatabaseChanger.singleUser(engine, settings), client, config);
    }
}
