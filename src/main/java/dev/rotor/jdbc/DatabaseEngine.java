package dev.rotor.jdbc;

import dev.rotor.spi.Beta;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What differs between database engines: how to connect, how a user changes its own password, and how a
 * superuser provisions the alternate user. The strategies ({@link SingleUser}, {@link AlternatingUsers}) hold the
 * rotation logic and call these methods; an engine holds no rotation logic of its own.
 *
 * <p>Implementations are stateless and thread-safe. No method may put a password in a log line, an exception
 * message or a statement that can be logged: use bound parameters, driver-escaped literals or client-computed
 * verifiers.
 */
@Beta
public interface DatabaseEngine {
    /** The engine's name for messages, for example "PostgreSQL". */
    String displayName();

    /** The values of the secret's {@code engine} key this engine accepts, for example {@code postgres}. */
    Set<String> engineNames();

    /** The port when the secret has none. */
    int defaultPort();

    /** The database to connect to when the secret has no {@code dbname}. */
    Optional<String> defaultDatabase();

    /** The longest user name the engine accepts, in characters. */
    int maxUsernameLength();

    /** Whether a user name fits the engine's limit. The default counts characters; PostgreSQL counts bytes. */
    default boolean usernameFits(String username) {
        return username.codePointCount(0, username.length()) <= maxUsernameLength();
    }

    /** The characters new passwords exclude when {@code EXCLUDE_CHARACTERS} is not set. */
    String defaultExcludeCharacters();

    /**
     * Opens a connection as the secret's user.
     *
     * @param tls the TLS mode to use; {@link TlsMode#DISABLE} only when the secret or the configuration says so
     * @param connectTimeout the limit of this attempt, already capped by the step's budget
     */
    Connection connect(DatabaseSecret credentials, TlsMode tls, Optional<Path> caBundle,
            Duration connectTimeout, Duration statementTimeout) throws SQLException;

    /**
     * Single user: sets the password of the session's own user to the pending one. Called on a connection opened
     * with the current (or previous) credentials of the same user.
     */
    void changeOwnPassword(Connection session, DatabaseSecret current, DatabaseSecret pending) throws SQLException;

    /**
     * Whether {@link #changeOwnPassword} may leave the old password valid beside the new one (MySQL's dual
     * passwords). Single-user setSecret then tries the pending credentials before the current ones, so that a retry
     * after a successful change does not change the password again. The default is false.
     */
    default boolean mayKeepOldPassword() {
        return false;
    }

    /**
     * Alternating users: on a superuser connection, creates {@code pending.username()} with the privileges of
     * {@code current.username()}, or, when it exists, sets its password and brings its privileges in line.
     */
    void provisionAlternate(Connection superuser, DatabaseSecret current, DatabaseSecret pending)
            throws SQLException;

    /**
     * Classifies a failed login the driver reports without a telling cause, such as a server that refuses TLS or a
     * login timeout the driver measures itself. Empty (the default) leaves it to {@link Login#classify}'s
     * engine-neutral rules.
     */
    default Optional<Login.Kind> classify(SQLException failure) {
        return Optional.empty();
    }

    /** Proves that a session works, without changing anything. The default runs {@code SELECT 1}. */
    default void ping(Connection session, Duration statementTimeout) throws SQLException {
        try (var statement = session.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
            statement.execute("SELECT 1");
        }
    }
}
