package dev.rotor.mysql;

import dev.rotor.jdbc.TlsMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * MariaDB (secret engine {@code mariadb}), through MariaDB Connector/J: {@link MySqlEngine} with what differs. User
 * names may have 80 characters; a user sets its own password with {@code SET PASSWORD = PASSWORD(?)} (MariaDB's
 * {@code ALTER USER} needs the CREATE USER privilege even for oneself); default roles live in {@code mysql.user}
 * and are set with {@code SET DEFAULT ROLE ... FOR}; roles are not accounts. MariaDB has no dual passwords: the
 * detection of {@link MySqlEngine#supportsDualPasswords} says no on it.
 */
public class MariaDbEngine extends MySqlEngine {
    @Override
    public String displayName() {
        return "MariaDB";
    }

    @Override
    public Set<String> engineNames() {
        return Set.of("mariadb");
    }

    @Override
    public int maxUsernameLength() {
        return 80;
    }

    @Override
    protected String urlScheme() {
        return "jdbc:mariadb:";
    }

    @Override
    protected String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }

    /** MariaDB Connector/J reads a PEM CA bundle itself ({@code serverSslCert}). */
    @Override
    protected void configureDriver(Properties properties, TlsMode tls, Optional<Path> caBundle) {
        properties.setProperty("sslMode", switch (tls) {
            case DISABLE -> "disable";
            case REQUIRE -> "trust";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_FULL -> "verify-full";
        });
        if (caBundle.isPresent() && tls != TlsMode.DISABLE) {
            properties.setProperty("serverSslCert", caBundle.get().toAbsolutePath().toString());
            properties.setProperty("fallbackToSystemTrustStore", "false");
        }
        properties.setProperty("useServerPrepStmts", "false");
        properties.setProperty("allowLocalInfile", "false");
        properties.setProperty("allowMultiQueries", "false");
        properties.setProperty("dumpQueriesOnException", "false");
    }

    @Override
    protected String ownPasswordStatement() {
        return "SET PASSWORD = PASSWORD(?)";
    }

    @Override
    protected Optional<String> fallbackPasswordStatement() {
        return Optional.empty();
    }

    @Override
    protected List<String> accountHosts(Connection session, String user) throws SQLException {
        return strings(session, "SELECT Host FROM mysql.user WHERE User = ? AND is_role = 'N' ORDER BY Host", user);
    }

    @Override
    protected boolean mariaDbServer(Connection session) {
        return true;
    }

    @Override
    protected DefaultRoles defaultRoleStyle(Connection session) {
        return DefaultRoles.MARIADB;
    }
}
