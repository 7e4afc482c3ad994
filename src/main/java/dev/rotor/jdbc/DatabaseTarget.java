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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An engine with its settings: what the strategies use to read secrets, log in and make passwords. */
public record DatabaseTarget(DatabaseEngine engine, DatabaseSettings settings) {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseTarget.class);

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

    /**
     * Whether the pending credentials already log in, so that setSecret has nothing left to do (a retry after it
     * succeeded). A failed attempt is added to {@code attempts}, for the error should nothing else log in.
     */
    public boolean alreadyApplied(RotationContext context, DatabaseSecret pending, List<Login> attempts) {
        Login login = login(context, pending, "AWSPENDING");
        if (!login.succeeded()) {
            attempts.add(login);
            return false;
        }
        close(login.connection().orElseThrow());
        LOG.info("The pending credentials already log in to {} as {}; nothing to change ({})", pending.address(),
                pending.username(), context.describe());
        return true;
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
