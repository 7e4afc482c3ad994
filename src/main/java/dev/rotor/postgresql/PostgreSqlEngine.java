package dev.rotor.postgresql;

import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.jdbc.DatabaseSecret;
import dev.rotor.jdbc.Login;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.SecretFormatException;
import dev.rotor.secrets.SecretValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL and Aurora PostgreSQL ({@code engine} {@code postgres} or {@code aurora-postgresql}), through pgjdbc.
 *
 * <p>Connections: the credentials travel only in the driver's properties, never in a JDBC URL. TLS follows
 * {@link TlsMode} with {@link PostgreSqlTlsFactory} (a CA bundle, else the JDK's trust store; nothing is read from
 * {@code ~/.postgresql}). The connect timeout bounds the TCP connect, every read of the login and the whole login
 * (pgjdbc's {@code connectTimeout}, {@code socketTimeout}, {@code loginTimeout}, whole seconds rounded up); once
 * logged in, the session gets {@code statement_timeout} and a network timeout of the statement timeout.
 *
 * <p>Passwords: the server never receives one. {@code ALTER ROLE ... PASSWORD} is given a SCRAM-SHA-256 verifier
 * computed here, with a fresh salt, so neither the server's statement log nor {@code pg_stat_statements} can show
 * the password. The alternating-users privilege model is described in {@link PostgreSqlRoles}.
 *
 * <p>Logins: pgjdbc's SCRAM-SHA-256 login spends most of its time in PBKDF2WithHmacSHA256, which the JDK computes
 * slowly in a C1-only JVM such as Lambda's. Before its first connection the engine therefore puts a faster
 * implementation of that one algorithm ahead of the JDK's own in the process's JCA providers, unless a provider the
 * user installed already serves it ({@link Pbkdf2Provider}); {@code ROTOR_PG_FAST_SCRAM=false} leaves the providers
 * alone.
 */
public final class PostgreSqlEngine implements DatabaseEngine {
    /** PostgreSQL's identifier limit: NAMEDATALEN - 1 bytes. Longer names are silently truncated by the server. */
    public static final int MAX_NAME_BYTES = 63;

    /** The environment variable that turns off the faster PBKDF2 for pgjdbc's logins (default true). */
    public static final String FAST_SCRAM_ENV = "ROTOR_PG_FAST_SCRAM";

    private final boolean fastScram;

    /** Holds the driver, so that createSecret and finishSecret, which never connect, do not load pgjdbc. */
    private static final class DriverHolder {
        static final org.postgresql.Driver INSTANCE = new org.postgresql.Driver();
    }

    /** With the faster PBKDF2 for pgjdbc's logins. */
    public PostgreSqlEngine() {
        this(true);
    }

    /**
     * @param fastScram whether to install the faster PBKDF2WithHmacSHA256 ({@link Pbkdf2Provider}) before the
     *     first connection; once installed, it stays for the life of the process
     */
    public PostgreSqlEngine(boolean fastScram) {
        this.fastScram = fastScram;
    }

    /** Reads {@value #FAST_SCRAM_ENV} (default true) from the process environment. */
    public static PostgreSqlEngine fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads {@value #FAST_SCRAM_ENV} (default true) from the given environment. */
    public static PostgreSqlEngine fromEnvironment(Map<String, String> env) {
        return new PostgreSqlEngine(RotorConfig.bool(env, FAST_SCRAM_ENV, true));
    }

    /** Whether the engine installs the faster PBKDF2 for pgjdbc's logins. */
    public boolean fastScram() {
        return fastScram;
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public Set<String> engineNames() {
        return Set.of("postgres", "aurora-postgresql");
    }

    @Override
    public int defaultPort() {
        return 5432;
    }

    @Override
    public Optional<String> defaultDatabase() {
        return Optional.of("postgres");
    }

    @Override
    public int maxUsernameLength() {
        return MAX_NAME_BYTES;
    }

    /** PostgreSQL counts bytes of UTF-8, not characters. */
    @Override
    public boolean usernameFits(String username) {
        return username.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    @Override
    public String defaultExcludeCharacters() {
        return ":/@\"'\\";
    }

    @Override
    public Connection connect(DatabaseSecret credentials, TlsMode tls, Optional<Path> caBundle,
            Duration connectTimeout, Duration statementTimeout) throws SQLException {
        checkName(credentials.username(), "username");
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password().reveal());
        properties.setProperty("ApplicationName", "rotor");
        properties.setProperty("gssEncMode", "disable");
        properties.setProperty("sslmode", tls.configName());
        if (tls != TlsMode.DISABLE) {
            properties.setProperty("sslfactory", PostgreSqlTlsFactory.class.getName());
            caBundle.ifPresent(bundle -> properties.setProperty("sslrootcert", bundle.toString()));
        }
        String seconds = Long.toString(seconds(connectTimeout));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        // settings go in the startup packet, so that no query follows the login: the statement timeout, and
        // (servers from 9.0 on) the application name, which pgjdbc otherwise sets with a query
        properties.setProperty("options", "-c statement_timeout=" + Math.max(1, statementTimeout.toMillis()));
        properties.setProperty("assumeMinServerVersion", "9.0");
        if (fastScram) {
            Pbkdf2Provider.install();
        }
        Connection connection = DriverHolder.INSTANCE.connect(url(credentials), properties);
        if (connection == null) {
            throw new SQLException("pgjdbc refused the connection URL", "08001");
        }
        try {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
                    statementTimeout.toMillis() + 1_000));
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void changeOwnPassword(Connection session, DatabaseSecret current, DatabaseSecret pending)
            throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute("SET ROLE NONE"); // a role setting must not make the session someone else
            statement.execute("ALTER ROLE " + quote(pending.username()) + " PASSWORD " + verifier(pending.password()));
        }
    }

    @Override
    public void provisionAlternate(Connection superuser, DatabaseSecret current, DatabaseSecret pending)
            throws SQLException {
        checkName(current.username(), "username");
        checkName(pending.username(), "username");
        new PostgreSqlRoles(superuser).provision(current.username(), pending.username(),
                verifier(pending.password()));
    }

    @Override
    public Optional<Login.Kind> classify(SQLException failure) {
        if (failure.getCause() != null) {
            return Optional.empty();
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("does not support ssl")) {
            return Optional.of(Login.Kind.TLS_FAILURE);
        }
        if (message.contains("timed out")) {
            return Optional.of(Login.Kind.TIMEOUT);
        }
        return Optional.empty();
    }

    /** Quotes an identifier by PostgreSQL's rules: in double quotes, a double quote doubled. */
    public static String quote(String identifier) {
        checkName(identifier, "identifier");
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * A string literal that means the same whatever {@code standard_conforming_strings} says: an escape string,
     * backslashes and single quotes doubled.
     */
    public static String literal(String value) {
        checkName(value, "literal");
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The SCRAM-SHA-256 verifier of a password, as a literal; the password itself never leaves this JVM. */
    static String verifier(SecretValue password) {
        char[] chars = password.reveal().toCharArray();
        try {
            return literal(ScramVerifier.of(chars));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static void checkName(String name, String what) {
        if (name.indexOf('\0') >= 0) {
            throw new SecretFormatException("The " + what + " contains a NUL character, which PostgreSQL does not"
                    + " allow");
        }
    }

    private static String url(DatabaseSecret credentials) {
        String host = credentials.host();
        if (!host.matches("[A-Za-z0-9._:%\\-\\[\\]_]+")) {
            throw new SecretFormatException("The host of " + credentials.username() + " is not a host name or an IP"
                    + " address");
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 address
        }
        String database = credentials.dbname().orElse("postgres");
        return "jdbc:postgresql://" + host + ":" + credentials.port() + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long seconds(Duration timeout) {
        return Math.max(1, (timeout.toMillis() + 999) / 1_000);
    }
}
