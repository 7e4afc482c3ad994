package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A {@link CredentialChanger} for a relational database: a {@link DatabaseEngine} driven by a
 * {@link UserStrategy}. testSecret logs in with the pending credentials and runs a harmless query.
 *
 * <pre>{@code
 * CredentialChanger changer = DatabaseChanger.alternatingUsers(new PostgreSqlEngine(),
 *         DatabaseSettings.fromEnvironment());
 * }</pre>
 */
public class DatabaseChanger implements CredentialChanger {
    private final DatabaseTarget target;
    private final UserStrategy strategy;

    public DatabaseChanger(DatabaseEngine engine, UserStrategy strategy, DatabaseSettings settings) {
        this.target = new DatabaseTarget(engine, settings);
        this.strategy = strategy;
    }

    /** The secret's user changes its own password. */
    public static DatabaseChanger singleUser(DatabaseEngine engine, DatabaseSettings settings) {
        return new DatabaseChanger(engine, new SingleUser(), settings);
    }

    /** Two users take turns; a superuser provisions the alternate one. */
    public static DatabaseChanger alternatingUsers(DatabaseEngine engine, DatabaseSettings settings) {
        return new DatabaseChanger(engine, new AlternatingUsers(), settings);
    }

    /** The engine and settings this changer uses. */
    public DatabaseTarget target() {
        return target;
    }

    @Override
    public Secret createPending(RotationContext context) {
        return strategy.createPending(context, target);
    }

    @Override
    public void apply(RotationContext context) {
        strategy.apply(context, target);
    }

    @Override
    public void verify(RotationContext context) {
        DatabaseSecret pending = target.read(context.pending());
        Login login = target.login(context, pending, "AWSPENDING");
        if (!login.succeeded()) {
            RotationException noLogin = target.noLogin(context, pending, List.of(login));
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, noLogin.getMessage(), noLogin);
        }
        try (Connection session = login.connection().orElseThrow()) {
            target.engine().ping(session, context.budget().cap(target.settings().statementTimeout()));
        } catch (SQLException e) {
            throw target.statementFailed(context, ErrorCode.CREDENTIAL_TEST_FAILED, "run a test query as "
                    + pending.username(), e);
        }
    }
}
