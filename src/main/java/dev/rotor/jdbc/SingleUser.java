package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.RotationContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret's user changes its own password. setSecret does nothing when the pending credentials already log in;
 * otherwise it logs in with the current credentials, else the previous ones, and changes the password as the user
 * itself. New logins with the old password fail from that change until finishSecret moves AWSCURRENT, unless the
 * engine keeps both passwords valid (MySQL's dual passwords).
 */
public final class SingleUser implements UserStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(SingleUser.class);

    @Override
    public Secret createPending(RotationContext context, DatabaseTarget target) {
        DatabaseSecret current = target.read(context.current());
        return current.secret().with(DatabaseSecret.PASSWORD, target.newPassword(context));
    }

    @Override
    public void apply(RotationContext context, DatabaseTarget target) {
        DatabaseSecret pending = target.read(context.pending());
        DatabaseSecret current = target.read(context.current());
        // the guard comes before the re-entry check: a pending value naming any other user who can log in
        // (trust authentication, a shared password) must not pass as "already done"
        requireSameUser(context, current, pending);
        List<Login> attempts = new ArrayList<>();
        Login reentry = target.login(context, pending, "AWSPENDING");
        if (reentry.succeeded()) {
            DatabaseTarget.close(reentry.connection().orElseThrow());
            LOG.info("The pending credentials already log in to {} as {}; nothing to change ({})", pending.address(),
                    pending.username(), context.describe());
            return;
        }
        attempts.add(reentry);
        Login login = target.login(context, current, "AWSCURRENT");
        attempts.add(login);
        DatabaseSecret loggedIn = current;
        if (!login.succeeded()) {
            Optional<DatabaseSecret> previous = previous(context, target, current);
            if (previous.isPresent()) {
                login = target.login(context, previous.get(), "AWSPREVIOUS");
                attempts.add(login);
                loggedIn = previous.get();
            } else {
                attempts.add(Login.absent("AWSPREVIOUS"));
            }
        }
        if (!login.succeeded()) {
            throw target.noLogin(context, current, attempts);
        }
        try (Connection session = login.connection().orElseThrow()) {
            target.engine().changeOwnPassword(session, loggedIn, pending);
        } catch (SQLException e) {
            throw target.statementFailed(context, ErrorCode.CREDENTIAL_CHANGE_FAILED,
                    "change the password of " + pending.username() + " at " + pending.address(), e);
        }
        LOG.info("Changed the password of {} at {} (logged in with {}; {})", pending.username(), pending.address(),
                login.label(), context.describe());
    }

    private static void requireSameUser(RotationContext context, DatabaseSecret current, DatabaseSecret pending) {
        if (!pending.username().equals(current.username()) || !pending.host().equalsIgnoreCase(current.host())
                || pending.port() != current.port()) {
            throw new RotationException(ErrorCode.UNSAFE_PENDING_VALUE, "The pending value names user "
                    + pending.username() + " at " + pending.address() + ", but the current value names "
                    + current.username() + " at " + current.address() + "; single-user rotation changes neither ("
                    + context.describe() + ")");
        }
    }

    /** AWSPREVIOUS of the same user and host; a missing or malformed one is ignored. */
    private static Optional<DatabaseSecret> previous(RotationContext context, DatabaseTarget target,
            DatabaseSecret current) {
        try {
            return context.previous().map(target::read)
                    .filter(previous -> previous.username().equals(current.username())
                            && previous.host().equalsIgnoreCase(current.host()));
        } catch (RotationException malformed) {
            LOG.info("Ignoring AWSPREVIOUS: {}", malformed.getMessage());
            return Optional.empty();
        }
    }
}
