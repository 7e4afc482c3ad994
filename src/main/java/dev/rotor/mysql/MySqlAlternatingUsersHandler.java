package dev.rotor.mysql;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Two users take turns on MySQL or Aurora MySQL; the superuser secret named by masterarn
 * provisions the alternate. A SAM {@code Handler:} names it directly:
 *
 * <pre>{@code
 * Handler: dev.rotor.mysql.MySqlAlternatingUsersHandler::handleRequest
 * }</pre>
 *
 * <p>Configured from the environment: Rotor's settings ({@link RotorConfig}), the database settings
 * ({@link DatabaseSettings}: {@code ROTOR_DB_TLS_MODE}, {@code ROTOR_DB_CA_BUNDLE}, timeouts).
 */
public final class MySqlAlternatingUsersHandler extends RotationHandler {
    /** Configured from the environment. */
    public MySqlAlternatingUsersHandler() {
        super(DatabaseChanger.alternatingUsers(MySqlEngine.fromEnvironment(), DatabaseSettings.fromEnvironment()));
    }

    /** With a given client and settings, for tests and for callers that build their own. */
    public MySqlAlternatingUsersHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings) {
        this(client, config, settings, MySqlEngine.fromEnvironment());
    }

    /** With a given client, settings and engine. */
    public MySqlAlternatingUsersHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings,
            MySqlEngine engine) {
        super(DatabaseChanger.alternatingUsers(engine, settings), client, config);
    }
}
