package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretValue;
import dev.rotor.spi.RotationContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** An engine with its settings: what the strategies use to read secrets, log in and make passwords. */
public record DatabaseTarget(DatabaseEngine engine, DatabaseSettings settings) {
    public DatabaseTarget {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(settings, "settings");
    }

    /** Reads a database secret for this engine. */
    public DatabaseSecret read(Secret secret) {
        return DatabaseSecret.parse(secret, engine);
    }

    /** One login attempt within the step's budget. */
    public Login login(RotationContext context, DatabaseSecret credentials, String label) {
        return Login.attempt(engine, settings, context.budget(), credentials, label);
    }

    /** A new password, with this engine's excluded characters unless configured otherwise. */
    public SecretValue newPassword(RotationContext context) {
        return context.passwords().generate(
                context.passwordPolicy().withDefaultExcludeCharacters(engine.defaultExcludeCharacters()));
    }

    /** Closes a connection, ignoring a failure to close (the work on it is already done). */
    public static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was pending on it; a failed close cannot undo or redo anything
        }
    }

    /** The error when none of the attempts logged in, naming why each failed. */
    public RotationException noLogin(RotationContext context, DatabaseSecret target, List<Login> attempts) {
        String causes = attempts.stream().map(Login::toString).collect(Collectors.joining("; "));
        RotationException error = new RotationException(ErrorCode.LOGIN_FAILED, "No credential logs in to "
                + engine.displayName() + " at " + target.address() + " as " + target.username() + ": " + causes
                + " (" + context.describe() + ")");
        attempts.forEach(attempt -> attempt.failure().ifPresent(failure -> error.addSuppressed(failure.cause())));
        return error;
    }

    /** The error when a statement failed, with its SQLState. */
    public RotationException statementFailed(RotationContext context, ErrorCode code, String what, SQLException e) {
        return new RotationException(code, engine.displayName() + " refused to " + what + ": SQLState "
                + e.getSQLState() + ", vendor code " + e.getErrorCode() + " (" + context.describe() + ")", e);
    }
}
