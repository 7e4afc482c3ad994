package dev.rotor.mysql;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.SecretValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the alternate user an exact copy of the current one, as a superuser.
 *
 * <p>The model: every account of the current user name ({@code 'app'@'10.0.%'}, {@code 'app'@'%'}, ...) gets an
 * alternate account at the same host, never a hard-coded {@code '%'}. Each alternate account's grants are brought
 * in line with its source's from {@code SHOW GRANTS}, read by a tokenizer rather than split as text: lines the
 * alternate lacks are applied, lines it has and the source lacks are undone ({@code REVOKE}, including
 * {@code GRANT OPTION}), so {@code WITH GRANT OPTION}, column privileges, routine privileges, proxy grants and role
 * grants ({@code WITH ADMIN OPTION}) all carry over. Default roles are copied after the role grants. The password
 * is set last, in the statement that also unlocks the account: a new account is created locked, so the pending
 * credentials log in (and a re-run of setSecret counts as done) only once the privileges are complete.
 *
 * <p>Account attributes are copied from the grant tables ({@link AccountAttributes}), on every rotation like the
 * grants: the TLS requirement and resource limits, and the authentication plugin, with which the password is set.
 *
 * <p>Alternate accounts at hosts the current user has no account at are left alone, with a warning.
 */
final class GrantCopier {
    private static final Logger LOG = LoggerFactory.getLogger(GrantCopier.class);

    private final MySqlEngine engine;
    private final Connection session;

    GrantCopier(MySqlEngine engine, Connection session) {
        this.engine = engine;
        this.session = session;
    }

    void provision(String sourceUser, String targetUser, SecretValue password) throws SQLException {
        for (String user : List.of(sourceUser, targetUser)) {
            if (user.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
                // the servers keep user names as utf8mb3: MariaDB silently stores such a character as '?', so two
                // different names would be one account, and SHOW GRANTS could never name the account asked for
                throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "User name " + user + " has a"
                        + " character outside the Basic Multilingual Plane (such as an emoji), which "
                        + engine.displayName() + " account names cannot hold; alternating users cannot copy it");
            }
        }
        List<String> hosts = engine.accountHosts(session, sourceUser);
        if (hosts.isEmpty()) {
            throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "The superuser sees no account of user "
                    + sourceUser + " in mysql.user; it needs SELECT on the mysql schema");
        }
        boolean mariaDb = engine.mariaDbServer(session);
        List<String> existing = engine.accountHosts(session, targetUser);
        for (String host : hosts) {
            MySqlAccount source = new MySqlAccount(sourceUser, host);
            MySqlAccount target = new MySqlAccount(targetUser, host);
            AccountAttributes attributes = AccountAttributes.read(session, source, mariaDb);
            String identified = attributes.identifiedClause(source, mariaDb);
            // everything about the source is read before anything is created: an unreadable source changes nothing
            Map<String, GrantStatement> wanted = grants(source, target);
            boolean exists = existing.stream().anyMatch(other -> target.sameAs(new MySqlAccount(targetUser, other)));
            if (!exists) {
                MySqlEngine.executeWithPassword(session, "CREATE USER " + target.sql() + " " + identified
                        + " ACCOUNT LOCK", password);
                LOG.info("Created {} (locked until its privileges are copied)", target);
            }
            syncGrants(source, target, wanted);
            syncDefaultRoles(source, target);
            syncAttributes(source, target, attributes, mariaDb);
            MySqlEngine.executeWithPassword(session, "ALTER USER " + target.sql() + " " + identified
                    + " ACCOUNT UNLOCK", password);
        }
        existing.stream().filter(host -> hosts.stream().noneMatch(other -> new MySqlAccount(targetUser, host)
                .sameAs(new MySqlAccount(targetUser, other)))).forEach(host -> LOG.warn("Account {} has no"
                        + " counterpart of {}; it is left unchanged", new MySqlAccount(targetUser, host), sourceUser));
    }

    /** The TLS requirement and resource limits, from the grant tables; changed only when they differ. */
    private void syncAttributes(MySqlAccount source, MySqlAccount target, AccountAttributes wanted, boolean mariaDb)
            throws SQLException {
        AccountAttributes present = AccountAttributes.read(session, target, mariaDb);
        if (wanted.sameRequirementsAs(present)) {
            return;
        }
        try (PreparedStatement statement = session.prepareStatement(wanted.alterStatement(target))) {
            List<String> values = wanted.requireParameters();
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            statement.execute();
        }
        LOG.info("Account attributes of {} copied from {}: {}", target, source, wanted);
    }

    private void syncGrants(MySqlAccount source, MySqlAccount target, Map<String, GrantStatement> wanted)
            throws SQLException {
        Map<String, GrantStatement> present = grants(target, target);
        int revoked = 0;
        int granted = 0;
        for (Map.Entry<String, GrantStatement> line : present.entrySet()) {
            if (!wanted.containsKey(line.getKey())) {
                for (String undo : line.getValue().inverse()) {
                    MySqlEngine.execute(session, undo);
                    revoked++;
                }
            }
        }
        for (Map.Entry<String, GrantStatement> line : wanted.entrySet()) {
            if (!present.containsKey(line.getKey())) {
                MySqlEngine.execute(session, line.getValue().sql());
                granted++;
            }
        }
        LOG.info("Grants of {} copied from {}: {} statements applied, {} undone", target, source, granted, revoked);
    }

    private void syncDefaultRoles(MySqlAccount source, MySqlAccount target) throws SQLException {
        DefaultRoles roles = engine.defaultRoleStyle(session);
        if (roles == DefaultRoles.NONE) {
            return;
        }
        List<String> wanted = roles.of(session, source);
        if (!wanted.equals(roles.of(session, target))) {
            MySqlEngine.execute(session, roles.set(target, wanted));
        }
    }

    /** The account's grant lines, rewritten for {@code grantee}, by canonical form; default roles excluded. */
    private Map<String, GrantStatement> grants(MySqlAccount account, MySqlAccount grantee) throws SQLException {
        Map<String, GrantStatement> lines = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        try (Statement statement = session.createStatement();
                ResultSet rows = statement.executeQuery("SHOW GRANTS FOR " + account.sql())) {
            while (rows.next()) {
                raw.add(rows.getString(1));
            }
        }
        for (int i = 0; i < raw.size(); i++) {
            GrantStatement line;
            try {
                line = GrantStatement.parse(raw.get(i));
                if (line.kind() == GrantStatement.Kind.DEFAULT_ROLE) {
                    continue;
                }
                line = line.forGrantee(account, grantee);
            } catch (IllegalArgumentException e) {
                throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "Cannot read line " + (i + 1)
                        + " of SHOW GRANTS FOR " + account + ": " + e.getMessage());
            }
            lines.put(line.canonical(), line);
        }
        return lines;
    }
}
