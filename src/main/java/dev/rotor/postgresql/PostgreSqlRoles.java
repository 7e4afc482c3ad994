package dev.rotor.postgresql;

import static dev.rotor.postgresql.PostgreSqlEngine.literal;
import static dev.rotor.postgresql.PostgreSqlEngine.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alternating-users privilege model: one <em>owner</em> role holds every privilege and owns every object; the
 * other user of the pair is its <em>member</em>, and its sessions act as the owner.
 *
 * <ul>
 *   <li>The owner is the user that already exists when rotation starts (the current user of the first rotation),
 *       or, for a pair made by the AWS templates ({@code GRANT name TO name_clone}), the user the other is a member
 *       of. It stays the owner for good, whichever of the two is current.</li>
 *   <li>The member is a LOGIN, INHERIT role, granted membership in the owner, with the role setting
 *       {@code role = owner} ({@code ALTER ROLE member SET role TO owner}): every session of the member runs as
 *       the owner, so what it creates belongs to the owner and stays usable by both; {@code session_user} still
 *       names the member, for auditing.</li>
 *   <li>Every rotation brings the member in line: membership, INHERIT, the role setting, the CREATEDB, CREATEROLE
 *       and connection-limit attributes of the owner, and, in the rotated secret's database, ownership of any
 *       object the member still owns (for example one created before the takeover from the AWS templates, or
 *       after a {@code RESET ROLE}), which moves to the owner ({@code REASSIGN OWNED}).</li>
 *   <li>Privileges are granted to the owner; the member has them through membership, so they are in sync at every
 *       moment, not only at rotation. A privilege granted directly to the member is not copied back.</li>
 * </ul>
 *
 * All of it, the new password included, runs in one transaction (role DDL is transactional in PostgreSQL): a
 * failed setSecret changes nothing, and a retry starts from the same state.
 */
final class PostgreSqlRoles {
    private static final Logger LOG = LoggerFactory.getLogger(PostgreSqlRoles.class);

    private final Connection session;

    PostgreSqlRoles(Connection session) {
        this.session = session;
    }

    /** Makes {@code pending} log in with the verifier, as the owner or a member of the pair {current, pending}. */
    void provision(String current, String pending, String verifierLiteral) throws SQLException {
        boolean autoCommit = session.getAutoCommit();
        session.setAutoCommit(false);
        try {
            Role currentRole = role(current).orElseThrow(() -> new SQLException("Role " + current
                    + " does not exist", "42704"));
            Optional<Role> pendingRole = role(pending);
            boolean pendingIsOwner = pendingRole.isPresent() && isMember(current, pending);
            String owner = pendingIsOwner ? pending : current;
            String member = pendingIsOwner ? current : pending;
            if (pendingRole.isEmpty()) {
                execute("CREATE ROLE " + quote(pending) + " WITH LOGIN INHERIT");
            }
            Role ownerRole = pendingIsOwner ? pendingRole.orElseThrow() : currentRole;
            Role memberRole = role(member).orElseThrow();
            alignMember(ownerRole, memberRole);
            execute("ALTER ROLE " + quote(pending) + " WITH LOGIN PASSWORD " + verifierLiteral);
            session.commit();
            LOG.info("PostgreSQL role {} is the owner and {} its member; {} has its new password", owner, member,
                    pending);
        } catch (SQLException | RuntimeException e) {
            try {
                session.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback); // the session is lost; the server rolls back on its own
            }
            throw e;
        }
        session.setAutoCommit(autoCommit);
    }

    private void alignMember(Role owner, Role member) throws SQLException {
        String m = quote(member.name());
        if (!member.canLogin() || !member.inherit()) {
            execute("ALTER ROLE " + m + " WITH LOGIN INHERIT");
        }
        if (!isMember(member.name(), owner.name())) {
            execute("GRANT " + quote(owner.name()) + " TO " + m);
        }
        if (member.createDb() != owner.createDb()) {
            execute("ALTER ROLE " + m + (owner.createDb() ? " CREATEDB" : " NOCREATEDB"));
        }
        if (member.createRole() != owner.createRole()) {
            execute("ALTER ROLE " + m + (owner.createRole() ? " CREATEROLE" : " NOCREATEROLE"));
        }
        if (member.connectionLimit() != owner.connectionLimit()) {
            execute("ALTER ROLE " + m + " CONNECTION LIMIT " + owner.connectionLimit());
        }
        if (!owner.name().equals(member.roleSetting().orElse(null))) {
            execute("ALTER ROLE " + m + " SET role TO " + literal(owner.name()));
        }
        if (ownsObjectsHere(member.name())) {
            execute("REASSIGN OWNED BY " + m + " TO " + quote(owner.name()));
        }
    }

    private Optional<Role> role(String name) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT r.rolcanlogin, r.rolinherit,"
                + " r.rolcreatedb, r.rolcreaterole, r.rolconnlimit, (SELECT substr(c, 6) FROM pg_db_role_setting s,"
                + " unnest(s.setconfig) c WHERE s.setrole = r.oid AND s.setdatabase = 0 AND c LIKE 'role=%')"
                + " FROM pg_roles r WHERE r.rolname = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Role(name, row.getBoolean(1), row.getBoolean(2), row.getBoolean(3),
                        row.getBoolean(4), row.getInt(5), Optional.ofNullable(row.getString(6))));
            }
        }
    }

    /** Whether {@code member} is a direct member of {@code group}. */
    private boolean isMember(String member, String group) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT 1 FROM pg_auth_members a"
                + " JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles u ON u.oid = a.member"
                + " WHERE g.rolname = ? AND u.rolname = ?")) {
            query.setString(1, group);
            query.setString(2, member);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Whether the role owns an object of this database, or a shared one (so REASSIGN OWNED has work to do). */
    private boolean ownsObjectsHere(String name) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT 1 FROM pg_shdepend d JOIN pg_roles r"
                + " ON r.oid = d.refobjid WHERE d.refclassid = 'pg_authid'::regclass AND d.deptype = 'o'"
                + " AND r.rolname = ? AND d.dbid IN (0, (SELECT oid FROM pg_database"
                + " WHERE datname = current_database())) LIMIT 1")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute(sql);
        }
    }

    private record Role(String name, boolean canLogin, boolean inherit, boolean createDb, boolean createRole,
            int connectionLimit, Optional<String> roleSetting) {
    }
}
