package dev.rotor.postgresql;

import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates a PostgreSQL or Aurora PostgreSQL secret between two users, {@code name} and {@code name_clone}, which
 * the superuser secret named by {@code masterarn} provisions (alternating users; the privilege model is described
 * in the README). In SAM: {@code Handler: dev.rotor.postgresql.PostgreSqlAlternatingUsersHandler::handleRequest}.
 * The no-argument constructor reads the environment ({@link RotorConfig}, {@link DatabaseSettings},
 * {@link PostgreSqlEngine#FAST_SCRAM_ENV}).
 */
public final class PostgreSqlAlternatingUsersHandler extends RotationHandler {
    /** Configured from the environment. */
    public PostgreSqlAlternatingUsersHandler() {
        super(DatabaseChanger.alternatingUsers(PostgreSqlEngine.fromEnvironment(),
                DatabaseSettings.fromEnvironment()));
    }

    /** With a given client and settings, for tests and embedding. */
    public PostgreSqlAlternatingUsersHandler(SecretsManagerClient client, RotorConfig config,
            DatabaseSettings settings) {
        super(DatabaseChanger.alternatingUsers(PostgreSqlEngine.fromEnvironment(), settings), client, config);
    }
}
