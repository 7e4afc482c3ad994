package dev.rotor.mysql;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretValue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL and Aurora MySQL (secret engines {@code mysql}, {@code aurora-mysql}), through MySQL Connector/J.
 * {@link MariaDbEngine} refines it and overrides only what differs.
 *
 * <p>Passwords reach the server only as bound parameters of client-side prepared statements (the driver escapes
 * them for the session's {@code sql_mode}); no statement text is ever logged or put in a message, and the drivers'
 * {@code dumpQueriesOnException} is off. Credentials are passed as connection properties, never in the URL.
 *
 * <p>Single user: {@code ALTER USER CURRENT_USER() IDENTIFIED BY ?}. With dual passwords enabled
 * ({@code ROTOR_MYSQL_DUAL_PASSWORD=true}) and a server that has them (detected by the
 * {@code APPLICATION_PASSWORD_ADMIN} privilege existing in {@code SHOW PRIVILEGES}, never by the version string),
 * the old password stays valid as the secondary one until the next rotation discards it, so clients holding the
 * old password keep logging in: {@code DISCARD OLD PASSWORD}, then {@code IDENTIFIED BY ? RETAIN CURRENT PASSWORD}.
 *
 * <p>Alternating users: see {@link GrantCopier}.
 */
public class MySqlEngine implements DatabaseEngine {
    /** The environment variable that enables dual-password single-user rotation. */
    public static final String DUAL_PASSWORD_ENV = "ROTOR_MYSQL_DUAL_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(MySqlEngine.class);
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?]?");

    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: "you need (at least one of) the ... privilege(s)". */
    private static final int ACCESS_DENIED_NEEDS_PRIVILEGE = 1227;

    private final boolean dualPasswords;

    /** Single-password rotation. */
    public MySqlEngine() {
        this(false);
    }

    /**
     * @param dualPasswords whether single-user rotation keeps the old password valid until the next rotation,
     *     when the server supports it
     */
    public MySqlEngine(boolean dualPasswords) {
        this.dualPasswords = dualPasswords;
    }

    /** Reads {@value #DUAL_PASSWORD_ENV} (default false) from the process environment. */
    public static MySqlEngine fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads {@value #DUAL_PASSWORD_ENV} (default false) from the given environment. */
    public static MySqlEngine fromEnvironment(Map<String, String> env) {
        return new MySqlEngine(RotorConfig.bool(env, DUAL_PASSWORD_ENV, false));
    }

    /** Whether dual-password rotation is enabled (it is used only where the server supports it). */
    public boolean dualPasswords() {
        return dualPasswords;
    }

    /** With dual passwords enabled, the old password may stay valid after a change. */
    @Override
    public boolean mayKeepOldPassword() {
        return dualPasswords;
    }

    @Override
    public String displayName() {
        return "MySQL";
    }

    @Override
    public Set<String> engineNames() {
        return Set.of("mysql", "aurora-mysql");
    }

    @Override
    public int defaultPort() {
        return 3306;
    }

    @Override
    public Optional<String> defaultDatabase() {
        return Optional.empty();
    }

    @Override
    public int maxUsernameLength() {
        return 32;
    }

    @Override
    public String defaultExcludeCharacters() {
        return "/@\"'\\";
    }

    @Override
    public Connection connect(DatabaseSecret credentials, TlsMode tls, Optional<Path> caBundle,
            Duration connectTimeout, Duration statementTimeout) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password().reveal());
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toMillis())));
        properties.setProperty("socketTimeout",
                Long.toString(Math.max(1, connectTimeout.plus(statementTimeout).toMillis())));
        configureDriver(properties, tls, caBundle);
        String url = urlScheme() + "//" + urlHost(credentials.host()) + ":" + credentials.port() + "/";
        Connection connection = driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("The " + driverClass() + " driver does not accept " + urlScheme() + " URLs");
        }
        if (credentials.dbname().isPresent()) {
            try {
                connection.setCatalog(credentials.dbname().get());
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** The JDBC URL scheme, ending with a colon. */
    protected String urlScheme() {
        return "jdbc:mysql:";
    }

    /** The driver's class name. */
    protected String driverClass() {
        return "com.mysql.cj.jdbc.Driver";
    }

    /**
     * The driver's TLS, timeout and safety properties. Connector/J reads a trust store, not PEM, so a CA bundle
     * is converted to a PKCS12 file once per bundle.
     */
    protected void configureDriver(Properties properties, TlsMode tls, Optional<Path> caBundle) {
        properties.setProperty("sslMode", switch (tls) {
            case DISABLE -> "DISABLED";
            case REQUIRE -> "REQUIRED";
            case VERIFY_CA -> "VERIFY_CA";
            case VERIFY_FULL -> "VERIFY_IDENTITY";
        });
        if (tls == TlsMode.DISABLE) {
            // caching_sha2_password needs the server's RSA key to send a password without TLS
            properties.setProperty("allowPublicKeyRetrieval", "true");
        }
        if (caBundle.isPresent() && tls != TlsMode.DISABLE) {
            PemTrustStore store = PemTrustStore.of(caBundle.get());
            properties.setProperty("trustCertificateKeyStoreUrl", store.path().toUri().toString());
            properties.setProperty("trustCertificateKeyStoreType", PemTrustStore.TYPE);
            properties.setProperty("trustCertificateKeyStorePassword", PemTrustStore.PASSWORD);
            properties.setProperty("fallbackToSystemTrustStore", "false");
        }
        properties.setProperty("characterEncoding", "UTF-8");
        // without it the driver sets character_set_results to NULL and decodes each column by the character set
        // its metadata names; MariaDB labels SHOW GRANTS and SHOW CREATE USER latin1 but sends UTF-8, so non-ASCII
        // user names came back garbled. With utf8mb4 results the server converts and labels every column itself.
        properties.setProperty("characterSetResults", "UTF-8");
        properties.setProperty("useServerPrepStmts", "false");
        properties.setProperty("allowLoadLocalInfile", "false");
        properties.setProperty("allowMultiQueries", "false");
        properties.setProperty("dumpQueriesOnException", "false");
    }

    @Override
    public void changeOwnPassword(Connection session, DatabaseSecret current, DatabaseSecret pending)
            throws SQLException {
        if (dualPasswords) {
            if (supportsDualPasswords(session)) {
                execute(session, "ALTER USER CURRENT_USER() DISCARD OLD PASSWORD");
                executeWithPassword(session, "ALTER USER CURRENT_USER() IDENTIFIED BY ? RETAIN CURRENT PASSWORD",
                        pending.password());
                LOG.info("Changed the password of {} retaining the old one as secondary until the next rotation",
                        pending.username());
                return;
            }
            LOG.warn("Dual passwords are enabled ({}), but {} at {} does not support them; the old password stops"
                    + " working now", DUAL_PASSWORD_ENV, displayName(), pending.address());
        }
        try {
            executeWithPassword(session, ownPasswordStatement(), pending.password());
        } catch (SQLException e) {
            if (e.getErrorCode() != ACCESS_DENIED_NEEDS_PRIVILEGE || fallbackPasswordStatement().isEmpty()) {
                throw e;
            }
            // a MariaDB server behind a MySQL secret: its ALTER USER needs CREATE USER even for oneself
            LOG.info("{} refused ALTER USER for the user itself (vendor code {}); using SET PASSWORD", displayName(),
                    e.getErrorCode());
            executeWithPassword(session, fallbackPasswordStatement().get(), pending.password());
        }
    }

    /**
     * The statement to try when {@link #ownPasswordStatement()} is refused for lack of a privilege: MariaDB's
     * {@code SET PASSWORD = PASSWORD(?)}, which a MySQL 8 server never reaches (it lets a user alter itself).
     */
    protected Optional<String> fallbackPasswordStatement() {
        return Optional.of("SET PASSWORD = PASSWORD(?)");
    }

    /** The statement with which a user sets its own password; one {@code ?} for the password. */
    protected String ownPasswordStatement() {
        return "ALTER USER CURRENT_USER() IDENTIFIED BY ?";
    }

    /**
     * Whether the server has dual passwords: {@code SHOW PRIVILEGES} lists {@code APPLICATION_PASSWORD_ADMIN}, the
     * privilege MySQL 8.0.14 introduced with them. MariaDB has no such privilege, so this says no there.
     */
    public boolean supportsDualPasswords(Connection session) throws SQLException {
        try (Statement statement = session.createStatement();
                ResultSet rows = statement.executeQuery("SHOW PRIVILEGES")) {
            while (rows.next()) {
                if ("APPLICATION_PASSWORD_ADMIN".equalsIgnoreCase(rows.getString(1).strip())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void provisionAlternate(Connection superuser, DatabaseSecret current, DatabaseSecret pending)
            throws SQLException {
        new GrantCopier(this, superuser).provision(current.username(), pending.username(), pending.password());
    }

    /** The hosts of the accounts with this user name (roles excluded), in a stable order. */
    protected List<String> accountHosts(Connection session, String user) throws SQLException {
        return strings(session, "SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host", user);
    }

    /**
     * Whether the server is MariaDB, whose account syntax differs ({@code IDENTIFIED VIA plugin USING PASSWORD(?)},
     * {@code MAX_STATEMENT_TIME}): told by its grant tables, like {@link #defaultRoleStyle}, never by the version
     * string.
     */
    protected boolean mariaDbServer(Connection session) throws SQLException {
        return defaultRoleStyle(session) == DefaultRoles.MARIADB;
    }

    /**
     * How the server stores default roles, detected from the grant tables it has (never from the version string):
     * MySQL 8's {@code mysql.default_roles}, MariaDB's {@code mysql.user.default_role} (a MariaDB server behind a
     * MySQL secret), or neither (MySQL 5.7: no roles).
     */
    protected DefaultRoles defaultRoleStyle(Connection session) throws SQLException {
        if (!strings(session, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql'"
                + " AND TABLE_NAME = 'default_roles'").isEmpty()) {
            return DefaultRoles.MYSQL;
        }
        if (!strings(session, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql'"
                + " AND TABLE_NAME = 'user' AND COLUMN_NAME = 'default_role'").isEmpty()) {
            return DefaultRoles.MARIADB;
        }
        return DefaultRoles.NONE;
    }

    /** Runs a statement that holds no secret. */
    static void execute(Connection session, String sql) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a statement with the password as its only parameter. The statement text is never logged. */
    static void executeWithPassword(Connection session, String sql, SecretValue password) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setString(1, password.reveal());
            statement.execute();
        }
    }

    /** The first column of a query with string parameters. */
    static List<String> strings(Connection session, String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(values));
    }

    private Driver driver() {
        try {
            return (Driver) Class.forName(driverClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new RotationException(ErrorCode.INVALID_CONFIGURATION, "The " + displayName() + " changer needs"
                    + " the JDBC driver " + driverClass() + " on the class path (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static String urlHost(String host) {
        if (HOST_NAME.matcher(host).matches()) {
            return host;
        }
        if (host.indexOf(':') >= 0 && IPV6.matcher(host).matches()) {
            return host.startsWith("[") ? host : "[" + host + "]";
        }
        throw new SecretFormatException("Secret key 'host' must be a host name or an IP address; it holds"
                + " characters that cannot be part of one");
    }
}
