package dev.rotor.postgresql;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates a PostgreSQL or Aurora PostgreSQL secret whose user changes its own password (single user). In SAM:
 * {@code Handler: dev.rotor.postgresql.PostgreSqlSingleUserHandler::handleRequest}. The no-argument constructor
 * reads the environment ({@link RotorConfig}, {@link DatabaseSettings},
 * {@link PostgreSqlEngine#FAST_SCRAM_ENV}).
 */
public final class PostgreSqlSingleUserHandler extends RotationHandler {
    /** Configured from the environment. */
    public PostgreSqlSingleUserHandler() {
        super(DatabaseChanger.singleUser(PostgreSqlEngine.fromEnvironment(), DatabaseSettings.fromEnvironment()));
    }

    /** With a given client and settings, for tests and embedding. */
    public PostgreSqlSingleUserHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings) {
        super(DatabaseChanger.singleUser(PostgreSqlEngine.fromEnvironment(), settings), client, config);
    }
}
