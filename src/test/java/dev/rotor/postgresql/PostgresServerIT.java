package dev.rotor.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fixture itself: passwords are really checked, so a test that proves a change can fail. */
class PostgresServerIT {
    private static PostgresServer pg;

    @BeforeAll
    static void start() {
        pg = PostgresServer.start(Optional.empty());
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void aChangedPasswordLogsInAndTheOldOneIsRefused() {
        pg.execute("CREATE ROLE fixture_user LOGIN PASSWORD 'first-password'");
        assertThat(pg.canLogin("fixture_user", "first-password")).isTrue();
        assertThat(pg.canLogin("fixture_user", "some-other-password")).isFalse();

        pg.execute("ALTER ROLE fixture_user PASSWORD 'second-password'");

        assertThat(pg.canLogin("fixture_user", "second-password")).isTrue();
        assertThat(pg.canLogin("fixture_user", "first-password")).isFalse();
    }

    @Test
    void runsTheConfiguredMajorVersion() {
        String configured = System.getProperty("postgres.binaries.version");
        int major = pg.majorVersion();
        System.out.println("Embedded PostgreSQL major version: " + major + " (binaries " + configured + ")");
        assertThat(major).isGreaterThanOrEqualTo(14);
        if (configured != null) {
            assertThat(configured).startsWith(major + ".");
        }
    }

    @Test
    void passwordsAreStoredAsScramVerifiers() {
        pg.execute("CREATE ROLE fixture_scram LOGIN PASSWORD 'a-password'");
        assertThat(pg.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'fixture_scram'"))
                .startsWith("SCRAM-SHA-256$");
    }

    @Test
    void aRoleWithoutPasswordCannotLogIn() {
        pg.execute("CREATE ROLE fixture_nopassword LOGIN");
        assertThatThrownBy(() -> pg.login("fixture_nopassword", "anything"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("28"));
    }
}
