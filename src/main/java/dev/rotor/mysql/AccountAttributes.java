package dev.rotor.mysql;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes of an account that {@code SHOW GRANTS} does not reliably carry, read from the grant tables (the
 * columns of {@code mysql.user}, a view over {@code mysql.global_priv} on MariaDB), never from statement text: the
 * authentication plugin, the TLS requirement ({@code REQUIRE NONE / SSL / X509 / ISSUER / SUBJECT / CIPHER}) and
 * the resource limits ({@code MAX_QUERIES_PER_HOUR}, {@code MAX_UPDATES_PER_HOUR}, {@code MAX_CONNECTIONS_PER_HOUR},
 * {@code MAX_USER_CONNECTIONS}, and MariaDB's {@code MAX_STATEMENT_TIME}).
 *
 * <p>The plugin decides how the alternate user's password is set: the same plugin as the source account when it is
 * one that takes a password (MySQL: {@code mysql_native_password}, {@code caching_sha2_password},
 * {@code sha256_password}; MariaDB: {@code mysql_native_password}, {@code ed25519}, {@code parsec}); any other
 * plugin (socket, PAM, GSSAPI, AWS IAM, or several alternatives on MariaDB) is refused with an error naming the
 * account.
 *
 * @param plugin the authentication plugin; empty for the server's default
 * @param sslType {@code ""} (none), {@code ANY} (SSL), {@code X509} or {@code SPECIFIED}
 * @param issuer the required certificate issuer, empty for none
 * @param subject the required certificate subject, empty for none
 * @param cipher the required cipher, empty for none
 * @param limits the resource limits, in {@link #LIMITS} order
 * @param maxStatementTime MariaDB's statement time limit in seconds, when the server has one
 */
record AccountAttributes(String plugin, String sslType, String issuer, String subject, String cipher,
        List<Long> limits, Optional<BigDecimal> maxStatementTime) {

    /** The resource-limit options, in the order of {@link #limits()}, and their {@code mysql.user} columns. */
    static final List<String> LIMITS = List.of("MAX_QUERIES_PER_HOUR", "MAX_UPDATES_PER_HOUR",
            "MAX_CONNECTIONS_PER_HOUR", "MAX_USER_CONNECTIONS");
    private static final List<String> LIMIT_COLUMNS = List.of("max_questions", "max_updates", "max_connections",
            "max_user_connections");

    /** The plugins that take a password Rotor can set, per server flavour. */
    private static final Set<String> MYSQL_PLUGINS = Set.of("mysql_native_password", "caching_sha2_password",
            "sha256_password");
    private static final Set<String> MARIADB_PLUGINS = Set.of("mysql_native_password", "ed25519", "parsec");

    AccountAttributes {
        limits = List.copyOf(limits);
    }

    /**
     * Reads an account's attributes.
     *
     * @param mariaDb whether the server is MariaDB (it has {@code max_statement_time} and alternative plugins)
     * @throws RotationException when the account is missing or a value cannot be read; the message names the
     *     account and the column, never a value
     */
    static AccountAttributes read(Connection session, MySqlAccount account, boolean mariaDb) throws SQLException {
        String sql = "SELECT plugin, ssl_type, x509_issuer, x509_subject, ssl_cipher, " + String.join(", ",
                LIMIT_COLUMNS) + (mariaDb ? ", max_statement_time" : "") + " FROM mysql.user WHERE User = ? AND"
                + " Host = ?";
        AccountAttributes attributes;
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setString(1, account.user());
            statement.setString(2, account.host());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw unreadable(account, "it has no row in mysql.user");
                }
                String plugin = text(row, 1, "plugin", account);
                String sslType = text(row, 2, "ssl_type", account).toUpperCase(Locale.ROOT);
                if (!Set.of("", "ANY", "X509", "SPECIFIED").contains(sslType)) {
                    throw unreadable(account, "its ssl_type is not one of '', ANY, X509, SPECIFIED");
                }
                List<Long> limits = new ArrayList<>();
                for (int i = 0; i < LIMIT_COLUMNS.size(); i++) {
                    long value = row.getLong(6 + i);
                    if (row.wasNull()) {
                        throw unreadable(account, "its " + LIMIT_COLUMNS.get(i) + " is NULL");
                    }
                    limits.add(value);
                }
                Optional<BigDecimal> maxStatementTime = Optional.empty();
                if (mariaDb) {
                    BigDecimal value = row.getBigDecimal(6 + LIMIT_COLUMNS.size());
                    if (value == null) {
                        throw unreadable(account, "its max_statement_time is NULL");
                    }
                    maxStatementTime = Optional.of(value);
                }
                attributes = new AccountAttributes(plugin, sslType, text(row, 3, "x509_issuer", account),
                        text(row, 4, "x509_subject", account), text(row, 5, "ssl_cipher", account), limits,
                        maxStatementTime);
                if (row.next()) {
                    throw unreadable(account, "it has several rows in mysql.user");
                }
            }
        }
        if (mariaDb) {
            requireOnePlugin(session, account);
        }
        return attributes;
    }

    /** MariaDB: {@code IDENTIFIED VIA a OR b} keeps the alternatives in {@code mysql.global_priv}. */
    private static void requireOnePlugin(Connection session, MySqlAccount account) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT JSON_LENGTH(Priv, '$.auth_or') FROM"
                + " mysql.global_priv WHERE User = ? AND Host = ?")) {
            statement.setString(1, account.user());
            statement.setString(2, account.host());
            try (ResultSet row = statement.executeQuery()) {
                if (row.next() && row.getInt(1) > 1) {
                    throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "Account " + account
                            + " authenticates with several alternative plugins (IDENTIFIED VIA ... OR ...);"
                            + " Rotor copies only an account with one password-based plugin");
                }
            }
        }
    }

    /**
     * The clause that sets a password with this account's plugin, with one {@code ?} for the password.
     *
     * @throws RotationException when the plugin takes no password Rotor can set
     */
    String identifiedClause(MySqlAccount source, boolean mariaDb) {
        if (plugin.isEmpty()) {
            return "IDENTIFIED BY ?";
        }
        if (!(mariaDb ? MARIADB_PLUGINS : MYSQL_PLUGINS).contains(plugin)) {
            throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "Account " + source
                    + " authenticates with the plugin '" + plugin + "', which is not one whose password Rotor can"
                    + " set (" + String.join(", ", (mariaDb ? MARIADB_PLUGINS : MYSQL_PLUGINS).stream().sorted()
                    .toList()) + "); use another strategy for it");
        }
        return mariaDb ? "IDENTIFIED VIA " + plugin + " USING PASSWORD(?)" : "IDENTIFIED WITH " + plugin + " BY ?";
    }

    /** Whether two accounts have the same TLS requirement and limits (the plugin is set with the password). */
    boolean sameRequirementsAs(AccountAttributes other) {
        return sslType.equals(other.sslType) && issuer.equals(other.issuer) && subject.equals(other.subject)
                && cipher.equals(other.cipher) && limits.equals(other.limits)
                && maxStatementTime.map(BigDecimal::stripTrailingZeros)
                        .equals(other.maxStatementTime.map(BigDecimal::stripTrailingZeros));
    }

    /**
     * {@code ALTER USER account REQUIRE ... WITH ...}: the TLS requirement and limits of this account for another.
     * Issuer, subject and cipher are the statement's {@code ?} parameters, in {@link #requireParameters()} order;
     * the numbers come from numeric columns.
     */
    String alterStatement(MySqlAccount target) {
        StringBuilder sql = new StringBuilder("ALTER USER ").append(target.sql()).append(" REQUIRE ");
        switch (sslType) {
            case "" -> sql.append("NONE");
            case "ANY" -> sql.append("SSL");
            case "X509" -> sql.append("X509");
            default -> {
                List<String> parts = new ArrayList<>();
                if (!issuer.isEmpty()) {
                    parts.add("ISSUER ?");
                }
                if (!subject.isEmpty()) {
                    parts.add("SUBJECT ?");
                }
                if (!cipher.isEmpty()) {
                    parts.add("CIPHER ?");
                }
                // SPECIFIED with nothing specified is what REQUIRE X509 would store; it cannot be created otherwise
                sql.append(parts.isEmpty() ? "X509" : String.join(" AND ", parts));
            }
        }
        sql.append(" WITH");
        for (int i = 0; i < LIMITS.size(); i++) {
            sql.append(' ').append(LIMITS.get(i)).append(' ').append(limits.get(i));
        }
        maxStatementTime.ifPresent(time -> sql.append(" MAX_STATEMENT_TIME ").append(time.toPlainString()));
        return sql.toString();
    }

    /** The values of the {@code ?} in {@link #alterStatement}. */
    List<String> requireParameters() {
        if (!"SPECIFIED".equals(sslType)) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (String value : List.of(issuer, subject, cipher)) {
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    /** A summary for logs: the kind of TLS requirement and the limits, no certificate names. */
    @Override
    public String toString() {
        return "AccountAttributes[plugin=" + (plugin.isEmpty() ? "default" : plugin) + ", require="
                + (sslType.isEmpty() ? "NONE" : sslType) + ", limits=" + limits
                + maxStatementTime.map(time -> ", max_statement_time=" + time.toPlainString()).orElse("") + "]";
    }

    private static String text(ResultSet row, int column, String name, MySqlAccount account) throws SQLException {
        String value = row.getString(column);
        if (value == null) {
            if (name.equals("ssl_type")) {
                return "";
            }
            throw unreadable(account, "its " + name + " is NULL");
        }
        return value;
    }

    private static RotationException unreadable(MySqlAccount account, String why) {
        return new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "Cannot read the account attributes of "
                + account + " from mysql.user: " + why);
    }
}
