package dev.rotor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.rotor.secrets.Secret;
import dev.rotor.spi.RotationContext;
import dev.rotor.spi.TimeBudget;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The order in which single-user setSecret tries credentials, against an engine that keeps its passwords in memory.
 * The same behaviour against real servers: PostgreSqlSingleUserIT and the MySQL/MariaDB ITs.
 */
class SingleUserTest {
    private static final Secret CURRENT = Secret.parse("{\"engine\": \"postgres\", \"host\": \"db\", \"username\":"
            + " \"app\", \"password\": \"old-password\"}");
    private static final Secret PENDING = CURRENT.with("password", "new-password");

    /** Valid passwords of user "app"; records every login attempt by password. */
    private static final class MemoryEngine implements DatabaseEngine {
        final Set<String> valid = new HashSet<>(Set.of("old-password"));
        final List<String> tried = new ArrayList<>();
        final boolean dual;
        int changes;

        MemoryEngine(boolean dual) {
            this.dual = dual;
        }

        @Override
        public String displayName() {
            return "Memory";
        }

        @Override
        public Set<String> engineNames() {
            return Set.of("postgres");
        }

        @Override
        public int defaultPort() {
            return 5432;
        }

        @Override
        public Optional<String> defaultDatabase() {
            return Optional.empty();
        }

        @Override
        public int maxUsernameLength() {
            return 63;
        }

        @Override
        public String defaultExcludeCharacters() {
            return "";
        }

        @Override
        public Connection connect(DatabaseSecret credentials, TlsMode tls, Optional<Path> caBundle,
                Duration connectTimeout, Duration statementTimeout) throws SQLException {
            String password = credentials.password().reveal();
            tried.add(password);
            if (!valid.contains(password)) {
                throw new SQLException("refused", "28P01");
            }
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> null);
        }

        @Override
        public void changeOwnPassword(Connection session, DatabaseSecret current, DatabaseSecret pending) {
            changes++;
            if (!dual) {
                valid.clear();
            }
            valid.add(pending.password().reveal());
        }

        @Override
        public void provisionAlternate(Connection superuser, DatabaseSecret current, DatabaseSecret pending) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean mayKeepOldPassword() {
            return dual;
        }
    }

    private static RotationContext context() {
        RotationContext context = mock(RotationContext.class);
        when(context.current()).thenReturn(CURRENT);
        when(context.pending()).thenReturn(PENDING);
        when(context.previous()).thenReturn(Optional.empty());
        when(context.budget()).thenReturn(TimeBudget.of(Duration.ofSeconds(30)));
        return context;
    }

    private static DatabaseTarget target(MemoryEngine engine) {
        return new DatabaseTarget(engine, new DatabaseSettings(TlsMode.DISABLE, Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void oneLoginWithTheCurrentCredentialsChangesThePassword() {
        MemoryEngine engine = new MemoryEngine(false);
        new SingleUser().apply(context(), target(engine));
        assertThat(engine.tried).containsExactly("old-password");
        assertThat(engine.valid).containsExactly("new-password");
    }

    @Test
    void aRetryFindsThePendingCredentialsWorkingAndChangesNothing() {
        MemoryEngine engine = new MemoryEngine(false);
        new SingleUser().apply(context(), target(engine));
        new SingleUser().apply(context(), target(engine));
        assertThat(engine.tried).containsExactly("old-password", "old-password", "new-password");
        assertThat(engine.changes).isEqualTo(1);
    }

    @Test
    void withDualPasswordsThePendingCredentialsComeFirstSoARetryKeepsTheOldPassword() {
        MemoryEngine engine = new MemoryEngine(true);
        new SingleUser().apply(context(), target(engine));
        assertThat(engine.tried).containsExactly("new-password", "old-password");
        new SingleUser().apply(context(), target(engine));
        assertThat(engine.tried).containsExactly("new-password", "old-password", "new-password");
        assertThat(engine.changes).isEqualTo(1);
        assertThat(engine.valid).containsExactlyInAnyOrder("old-password", "new-password");
    }
}
