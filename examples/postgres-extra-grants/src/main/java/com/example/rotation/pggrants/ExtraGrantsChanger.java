package com.example.rotation.pggrants;

import static dev.rotor.postgresql.PostgreSqlEngine.quote;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.jdbc.DatabaseChanger;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.DatabaseTarget;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.SingleUser;
import dev.rotor.postgresql.PostgreSqlEngine;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.spi.RotationContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotor's PostgreSQL single-user rotation, plus read access to a list of schemas after every setSecret.
 *
 * <p>{@code GRANT SELECT ON ALL TABLES IN SCHEMA} covers only the tables that exist when it runs, and default
 * privileges ({@code ALTER DEFAULT PRIVILEGES}) only cover tables created by the roles they name. A user that must
 * read every table of a schema other teams write to therefore needs the grant again from time to time: this
 * changer renews it at every rotation. The rotated secret names the grantor with {@code masterarn}: a superuser (or
 * the schemas' owner) secret, read at AWSCURRENT, holding at least {@code username} and {@code password} (the other
 * connection keys default to the rotated secret's, and a {@code host} must be the same).
 *
 * <ul>
 *   <li>setSecret: the built-in single-user change of the password, then, after proving that the pending credentials
 *       log in, as the grantor in the secret's database: {@code GRANT USAGE ON SCHEMA s TO user} and
 *       {@code GRANT SELECT ON ALL TABLES IN SCHEMA s TO user}, for every schema, in one transaction. Both are
 *       idempotent, so a retried setSecret simply grants again.</li>
 *   <li>testSecret: the built-in login test, then, as the pending user, a read-only check that it may use every
 *       schema and read every table, view and materialized view in it.</li>
 * </ul>
 *
 * Identifiers (schemas and the user name) are always quoted, so a hostile name is a name, never SQL.
 */
public final class ExtraGrantsChanger extends DatabaseChanger {
    private static final Logger LOG = LoggerFactory.getLogger(ExtraGrantsChanger.class);
    private static final String MISSING_PRIVILEGES = "SELECT has_schema_privilege(n.oid, 'USAGE'), count(c.oid)"
            + " FILTER (WHERE NOT has_table_privilege(c.oid, 'SELECT'))"
            + " FROM pg_catalog.pg_namespace n LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid"
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') WHERE n.nspname = ? GROUP BY n.oid";

    private final List<String> schemas;

    /**
     * @param schemas the schemas whose tables the rotated user may read; at least one
     */
    public ExtraGrantsChanger(DatabaseSettings settings, List<String> schemas) {
        super(new PostgreSqlEngine(), new SingleUser(), settings);
        this.schemas = List.copyOf(schemas);
        if (this.schemas.isEmpty() || this.schemas.stream().anyMatch(String::isBlank)) {
            throw new RotationException(ErrorCode.INVALID_CONFIGURATION, "The extra grants need at least one"
                    + " schema, and no blank schema name: " + this.schemas);
        }
    }

    /** The schemas granted. */
    public List<String> schemas() {
        return schemas;
    }

    @Override
    public void apply(RotationContext context) {
        super.apply(context); // the built-in single-user password change, idempotent
        DatabaseTarget target = target();
        DatabaseSecret pending = target.read(context.pending());
        Login own = target.login(context, pending, "AWSPENDING");
        if (!own.succeeded()) {
            throw target.noLogin(context, pending, List.of(own)); // only grant to a user whose credentials we hold
        }
        DatabaseTarget.close(own.connection().orElseThrow());
        DatabaseSecret grantor = grantor(context, target, pending);
        Login admin = target.login(context, grantor, "grantor secret " + pending.masterArn().orElseThrow());
        if (!admin.succeeded()) {
            throw target.noLogin(context, grantor, List.of(admin));
        }
        try (Connection session = admin.connection().orElseThrow()) {
            grant(session, pending.username());
        } catch (SQLException e) {
            throw target.statementFailed(context, ErrorCode.CREDENTIAL_CHANGE_FAILED, "grant read access on "
                    + schemas + " to " + pending.username(), e);
        }
        LOG.info("Granted read access on the schemas {} to {} at {} ({})", schemas, pending.username(),
                pending.address(), context.describe());
    }

    @Override
    public void verify(RotationContext context) {
        super.verify(context); // the built-in test: the pending credentials log in and run a query
        DatabaseTarget target = target();
        DatabaseSecret pending = target.read(context.pending());
        Login login = target.login(context, pending, "AWSPENDING");
        if (!login.succeeded()) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, target.noLogin(context, pending,
                    List.of(login)).getMessage());
        }
        try (Connection session = login.connection().orElseThrow();
                PreparedStatement check = session.prepareStatement(MISSING_PRIVILEGES)) {
            check.setQueryTimeout((int) Math.max(1, context.budget().cap(target.settings().statementTimeout())
                    .toSeconds()));
            for (String schema : schemas) {
                check.setString(1, schema);
                try (ResultSet row = check.executeQuery()) {
                    String problem = !row.next() ? "does not exist"
                            : !row.getBoolean(1) ? "may not be used (no USAGE)"
                            : row.getLong(2) > 0 ? "has " + row.getLong(2) + " table(s) it may not read" : null;
                    if (problem != null) {
                        throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "As " + pending.username()
                                + " at " + pending.address() + ", schema " + schema + " " + problem + " ("
                                + context.describe() + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw target.statementFailed(context, ErrorCode.CREDENTIAL_TEST_FAILED, "check the read access of "
                    + pending.username() + " on " + schemas, e);
        }
    }

    private void grant(Connection session, String username) throws SQLException {
        session.setAutoCommit(false);
        try (Statement statement = session.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, target().settings().statementTimeout().toSeconds()));
            for (String schema : schemas) {
                statement.execute("GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + quote(username));
                statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + quote(schema) + " TO " + quote(username));
            }
            session.commit();
        } catch (SQLException | RuntimeException e) {
            session.rollback();
            throw e;
        }
    }

    /** The grantor's credentials: the {@code masterarn} secret, completed with the rotated secret's connection. */
    private static DatabaseSecret grantor(RotationContext context, DatabaseTarget target, DatabaseSecret child) {
        String arn = child.masterArn().orElseThrow(() -> new SecretFormatException("Secret value (AWSPENDING of "
                + context.secretArn() + "): required key 'masterarn' is missing; the extra grants need the"
                + " grantor's secret"));
        Secret grantor = context.otherSecret(arn);
        if (!grantor.isJson()) {
            throw new SecretFormatException("Grantor secret " + arn + " must be a JSON object with username and"
                    + " password");
        }
        grantor.string(DatabaseSecret.HOST).filter(host -> !host.strip().equalsIgnoreCase(child.host()))
                .ifPresent(host -> {
                    throw new RotationException(ErrorCode.UNSAFE_PENDING_VALUE, "Grantor secret " + arn
                            + " names host " + host + ", but the rotated secret names " + child.host() + " ("
                            + context.describe() + ")");
                });
        Secret merged = child.secret()
                .with(DatabaseSecret.USERNAME, grantor.requireString(DatabaseSecret.USERNAME))
                .with(DatabaseSecret.PASSWORD, grantor.requireSecret(DatabaseSecret.PASSWORD))
                .without(DatabaseSecret.MASTERARN);
        if (grantor.has(DatabaseSecret.PORT)) {
            merged = merged.with(DatabaseSecret.PORT, grantor.integer(DatabaseSecret.PORT).orElseThrow());
        }
        return target.read(merged);
    }
}
