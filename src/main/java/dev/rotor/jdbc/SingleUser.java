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
 * The secret's user changes its own password. setSecret logs in with the current credentials and changes the
 * password as the user itself; when they are refused, it does nothing if the pending credentials already log in (a
 * retry), and otherwise logs in with the previous ones. Where the engine may keep the old password valid (MySQL's
 * dual passwords), the pending credentials are tried first instead, so that a retry never changes the password
 * twice. New logins with the old password fail from that change until finishSecret moves AWSCURRENT, unless the
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
        // With one password per user, the current and the pending credentials never both log in, so trying the
        // current ones first has the same outcome with one login less (and no refused login in the server's log).
        // With dual passwords both log in after the change, and a retry must not change the password again.
        boolean pendingFirst = target.engine().mayKeepOldPassword();
        if (pendingFirst && target.alreadyApplied(context, pending, attempts)) {
            return;
        }
        Login login = target.login(context, current, "AWSCURRENT");
        DatabaseSecret loggedIn = current;
        if (!login.succeeded()) {
            attempts.add(login);
            if (!pendingFirst && target.alreadyApplied(context, pending, attempts)) {
                return;
            }
            Optional<DatabaseSecret> previous = previous(context, target, current);
            login = previous.map(credentials -> target.login(context, credentials, "AWSPREVIOUS"))
                    .orElseGet(() -> Login.absent("AWSPREVIOUS"));
            loggedIn = previous.orElse(current);
            if (!login.succeeded()) {
                attempts.add(login);
                throw target.noLogin(context, current, attempts);
            }
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
