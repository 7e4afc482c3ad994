package dev.rotor.jdbc;

import dev.rotor.spi.TimeBudget;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login attempt with a credential, bounded by the step's budget, with its failure classified. The description
 * of a failure holds the kind, SQLState, vendor code and exception type: never the password, and never the
 * driver's message text.
 *
 * @param label which credential this was, for example "AWSCURRENT"
 * @param connection the open connection, when the login succeeded
 * @param failure why it failed, when it did
 */
public record Login(String label, Optional<Connection> connection, Optional<Failure> failure) {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    /** Why a login failed. */
    public enum Kind {
        AUTHENTICATION_REFUSED("authentication refused"),
        HOST_UNREACHABLE("host unreachable"),
        TLS_FAILURE("TLS failure"),
        TIMEOUT("timeout"),
        OTHER("error");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A classified failure.
     *
     * @param kind the class of failure
     * @param detail SQLState, vendor code and exception type
     * @param cause the driver's exception
     */
    public record Failure(Kind kind, String detail, SQLException cause) {
        @Override
        public String toString() {
            return kind + " (" + detail + ")";
        }
    }

    /** Tries to log in; never throws for a refused or failed login, only for an exhausted budget. */
    public static Login attempt(DatabaseEngine engine, DatabaseSettings settings, TimeBudget budget,
            DatabaseSecret credentials, String label) {
        budget.check("logging in to " + credentials.address() + " as " + credentials.username() + " (" + label + ")");
        TlsMode tls = credentials.tlsMode(settings);
        if (tls == TlsMode.DISABLE) {
            LOG.warn("Connecting to {} without TLS, as the {} says; credentials cross the network in the clear",
                    credentials.address(), credentials.tls().isPresent() ? "secret's ssl key" : "configuration");
        }
        Duration connectTimeout = budget.cap(settings.connectTimeout());
        Duration statementTimeout = budget.cap(settings.statementTimeout());
        try {
            Connection connection = engine.connect(credentials, tls, settings.caBundle(), connectTimeout,
                    statementTimeout);
            return new Login(label, Optional.of(connection), Optional.empty());
        } catch (SQLException e) {
            Failure failure = engine.classify(e).map(kind -> new Failure(kind, detail(e), e))
                    .orElseGet(() -> classify(e));
            LOG.info("Login to {} as {} ({}) failed: {}", credentials.address(), credentials.username(), label,
                    failure);
            return new Login(label, Optional.empty(), Optional.of(failure));
        }
    }

    /** Classifies a driver exception by its cause chain and SQLState. */
    public static Failure classify(SQLException e) {
        Kind kind = Kind.OTHER;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                kind = Kind.TLS_FAILURE;
                break;
            }
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                kind = Kind.TIMEOUT;
                break;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                kind = Kind.HOST_UNREACHABLE;
                break;
            }
        }
        String state = e.getSQLState();
        if (kind == Kind.OTHER && state != null && (state.startsWith("28") || e.getErrorCode() == 1045)) {
            kind = Kind.AUTHENTICATION_REFUSED;
        }
        return new Failure(kind, detail(e), e);
    }

    private static String detail(SQLException e) {
        return "SQLState " + e.getSQLState() + ", vendor code " + e.getErrorCode() + ", "
                + e.getClass().getSimpleName();
    }

    /** A credential that could not be tried because there is none, or it is not usable. */
    public static Login absent(String label) {
        return new Login(label, Optional.empty(), Optional.empty());
    }

    /** Whether the login succeeded. */
    public boolean succeeded() {
        return connection.isPresent();
    }

    @Override
    public String toString() {
        return label + ": " + (succeeded() ? "logged in" : failure.map(Failure::toString).orElse("absent"));
    }
}
