package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.spi.RotationContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two users take turns: {@code name} and {@code name_clone}. createSecret switches the user name; setSecret, as
 * the superuser named by the secret's {@code masterarn}, creates the alternate user with the current user's
 * privileges or sets its password. The current user keeps working throughout, so there is no window in which
 * AWSCURRENT fails to log in.
 *
 * <p>setSecret first logs in with the current credentials: this proves that whoever configured the rotation
 * controls the rotated user, so the superuser cannot be made to provision a user for someone else.
 */
public final class AlternatingUsers implements UserStrategy {
    /** The suffix of the alternate user, as the AWS rotation templates name it. */
    public static final String SUFFIX = "_clone";

    private static final Logger LOG = LoggerFactory.getLogger(AlternatingUsers.class);

    @Override
    public Secret createPending(RotationContext context, DatabaseTarget target) {
        DatabaseSecret current = target.read(context.current());
        if (current.engine().isEmpty()) {
            throw new SecretFormatException("Secret value (AWSCURRENT of " + context.secretArn() + "): required key"
                    + " 'engine' is missing; alternating-users rotation needs it");
        }
        String alternate = alternate(current.username(), target.engine());
        return current.withUser(alternate, target.newPassword(context)).secret();
    }

    @Override
    public void apply(RotationContext context, DatabaseTarget target) {
        DatabaseSecret pending = target.read(context.pending());
        DatabaseSecret current = target.read(context.current());
        // the guard comes before the re-entry check: a pending value naming any other user who can log in
        // (trust authentication, a shared password) must not pass as "already done"
        if (!pending.username().equals(alternate(current.username(), target.engine()))
                || !pending.host().equalsIgnoreCase(current.host()) || pending.port() != current.port()) {
            throw new RotationException(ErrorCode.UNSAFE_PENDING_VALUE, "The pending value names user "
                    + pending.username() + " at " + pending.address() + ", which is not the alternate of "
                    + current.username() + " at " + current.address() + " (" + context.describe() + ")");
        }
        List<Login> attempts = new ArrayList<>();
        if (target.alreadyApplied(context, pending, attempts)) {
            return;
        }
        Login own = target.login(context, current, "AWSCURRENT");
        if (!own.succeeded()) {
            attempts.add(own);
            throw target.noLogin(context, current, attempts);
        }
        DatabaseTarget.close(own.connection().orElseThrow());

        DatabaseSecret superuser = superuser(context, target, current);
        Login admin = target.login(context, superuser, "superuser secret " + current.masterArn().orElseThrow());
        if (!admin.succeeded()) {
            throw target.noLogin(context, superuser, List.of(admin));
        }
        try (Connection session = admin.connection().orElseThrow()) {
            target.engine().provisionAlternate(session, current, pending);
        } catch (SQLException e) {
            throw target.statementFailed(context, ErrorCode.CREDENTIAL_CHANGE_FAILED,
                    "provision user " + pending.username() + " at " + pending.address(), e);
        }
        LOG.info("Provisioned {} at {} with the privileges of {} ({})", pending.username(), pending.address(),
                current.username(), context.describe());
    }

    /**
     * The alternate of a user name: {@code name_clone} for {@code name} and back.
     *
     * @throws SecretFormatException when the alternate would not fit the engine's user name limit
     */
    public static String alternate(String username, DatabaseEngine engine) {
        String alternate = username.endsWith(SUFFIX) && username.length() > SUFFIX.length()
                ? username.substring(0, username.length() - SUFFIX.length())
                : username + SUFFIX;
        if (!engine.usernameFits(alternate)) {
            throw new SecretFormatException("User name " + username + " is too long for alternating users: "
                    + engine.displayName() + " allows " + engine.maxUsernameLength() + " characters, and the"
                    + " alternate " + alternate + " would not fit");
        }
        return alternate;
    }

    /**
     * The superuser secret, completed from the rotated one: a secret holding only {@code username} and
     * {@code password} (as RDS-managed master secrets do) takes host, port, engine, dbname and ssl from it.
     */
    private static DatabaseSecret superuser(RotationContext context, DatabaseTarget target, DatabaseSecret child) {
        String arn = child.masterArn().orElseThrow(() -> new SecretFormatException("Secret value (AWSCURRENT of "
                + context.secretArn() + "): required key 'masterarn' is missing; alternating-users rotation needs"
                + " the superuser secret"));
        Secret master = context.otherSecret(arn);
        if (!master.isJson()) {
            throw new SecretFormatException("Superuser secret " + arn + " must be a JSON object with username and"
                    + " password");
        }
        master.string(DatabaseSecret.HOST).filter(host -> !host.strip().equalsIgnoreCase(child.host()))
                .ifPresent(host -> {
                    throw new RotationException(ErrorCode.UNSAFE_PENDING_VALUE, "Superuser secret " + arn
                            + " names host " + host + ", but the rotated secret names " + child.host() + " ("
                            + context.describe() + ")");
                });
        Secret merged = child.secret()
                .with(DatabaseSecret.USERNAME, master.requireString(DatabaseSecret.USERNAME))
                .with(DatabaseSecret.PASSWORD, master.requireSecret(DatabaseSecret.PASSWORD))
                .without(DatabaseSecret.MASTERARN);
        if (master.has(DatabaseSecret.PORT)) {
            merged = merged.with(DatabaseSecret.PORT, master.integer(DatabaseSecret.PORT).orElseThrow());
        }
        return target.read(merged);
    }
}
