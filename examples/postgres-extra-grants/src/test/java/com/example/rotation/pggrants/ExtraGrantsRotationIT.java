package com.example.rotation.pggrants;

import static dev.rotor.postgresql.PostgreSqlEngine.literal;
import static dev.rotor.postgresql.PostgreSqlEngine.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.RotorConfig;
import dev.rotor.Step;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.LocalSecretsManagerExtension;
import dev.rotor.testing.RotationRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rotations through Rotor's test kit (the real AWS SDK client over HTTP to the local Secrets Manager, whose
 * simulator drives {@link ReportingGrantsHandler}) against a real PostgreSQL server that checks passwords.
 */
@ExtendWith(LocalSecretsManagerExtension.class)
class ExtraGrantsRotationIT {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:pg-extra-grants";
    private static final DatabaseSettings PLAINTEXT_ON_LOOPBACK = new DatabaseSettings(TlsMode.DISABLE,
            Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(10));

    private static PostgresFixture pg;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresFixture.start();
    }

    @AfterAll
    static void stopPostgres() {
        pg.close();
    }

    @Test
    void aRotationChangesThePasswordAndGrantsReadAccessOnEveryTableOfTheSchemas(LocalSecretsManager local) {
        createSchema("reporting_a", "sales", "costs");
        createSchema("analytics_a", "visits");
        createUser("reader_a", "initial-password-a");
        String arn = secret(local, "reader_a", "initial-password-a", List.of("reporting_a", "analytics_a"));
        assertThat(pg.canRead("reader_a", "initial-password-a", "reporting_a.sales")).isFalse();

        rotate(local, arn);

        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
        String fresh = password(local, arn, "AWSCURRENT");
        assertThat(pg.canLogin("reader_a", fresh)).isTrue();
        assertThat(pg.canLogin("reader_a", "initial-password-a")).isFalse();
        for (String table : List.of("reporting_a.sales", "reporting_a.costs", "analytics_a.visits")) {
            assertThat(pg.canRead("reader_a", fresh, table)).as(table).isTrue();
        }
        assertThat(current(local, arn).keys()).containsExactly("engine", "host", "port", "username", "password",
                "dbname", "ssl", "masterarn");
    }

    @Test
    void testSecretFindsATableAddedSinceTheLastRotationAndTheNextRotationGrantsIt(LocalSecretsManager local) {
        createSchema("reporting_b", "sales");
        createUser("reader_b", "initial-password-b");
        String arn = secret(local, "reader_b", "initial-password-b", List.of("reporting_b"));
        rotate(local, arn);
        pg.execute("CREATE TABLE reporting_b.refunds (id int)");
        String first = password(local, arn, "AWSCURRENT");
        assertThat(pg.canRead("reader_b", first, "reporting_b.refunds")).isFalse();

        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION).rotateImmediately(false));

        RotationRun check = local.simulator().lastRun().orElseThrow();
        assertThat(check.testOnly()).isTrue();
        assertThat(check.outcome()).isEqualTo(RotationRun.Outcome.FAILED);
        assertThat(check.invocations().get(0).error()).contains("CREDENTIAL_TEST_FAILED",
                "schema reporting_b has 1 table(s) it may not read");

        rotate(local, arn);

        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
        String second = password(local, arn, "AWSCURRENT");
        assertThat(second).isNotEqualTo(first);
        assertThat(pg.canRead("reader_b", second, "reporting_b.refunds")).isTrue();
    }

    @Test
    void hostileSchemaAndUserNamesAreQuotedNeverExecuted(LocalSecretsManager local) {
        String schema = "rep\"orting; DROP TABLE public.sentinel; --";
        String user = "odd\"reader'; DROP TABLE public.sentinel; --";
        pg.execute("CREATE TABLE IF NOT EXISTS public.sentinel (id int)");
        pg.execute("CREATE SCHEMA " + quote(schema), "CREATE TABLE " + quote(schema) + ".facts (id int)");
        pg.execute("CREATE ROLE " + quote(user) + " LOGIN PASSWORD " + literal("initial-password-c"));
        String arn = secret(local, user, "initial-password-c", List.of(schema));

        rotate(local, arn);

        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
        assertThat(pg.canRead(user, password(local, arn, "AWSCURRENT"), quote(schema) + ".facts")).isTrue();
        assertThat(pg.exists("public.sentinel")).isTrue();
    }

    @Test
    void aGrantThatFailsAfterThePasswordChangedIsRetriedAndTheRotationCompletes(LocalSecretsManager local) {
        createSchema("reporting_d", "sales");
        createUser("reader_d", "initial-password-d");
        // The second schema does not exist yet: the first setSecret changes the password, then its GRANT fails.
        String arn = secret(local, "reader_d", "initial-password-d", List.of("reporting_d", "late_d"));
        local.faults().onStep(Step.SET_SECRET).runAfter(secret -> createSchema("late_d", "events"));

        String token = rotate(local, arn);

        RotationRun run = local.simulator().lastRun().orElseThrow();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(run.invocations().get(1).step()).isEqualTo(Step.SET_SECRET);
        assertThat(run.invocations().get(1).error()).contains("CREDENTIAL_CHANGE_FAILED", "SQLState 3F000");
        assertThat(local.engine().versionStages(arn).get(token)).containsExactly("AWSCURRENT");
        String fresh = password(local, arn, "AWSCURRENT");
        assertThat(pg.canRead("reader_d", fresh, "reporting_d.sales")).isTrue();
        assertThat(pg.canRead("reader_d", fresh, "late_d.events")).isTrue();
        assertThat(pg.canLogin("reader_d", "initial-password-d")).isFalse();
    }

    private static void createSchema(String schema, String... tables) {
        pg.execute("CREATE SCHEMA " + quote(schema));
        for (String table : tables) {
            pg.execute("CREATE TABLE " + quote(schema) + "." + quote(table) + " (id int)");
        }
    }

    private static void createUser(String user, String password) {
        pg.execute("CREATE ROLE " + quote(user) + " LOGIN PASSWORD " + literal(password));
    }

    /** The grantor secret (username and password only, like an RDS master secret) and the rotated secret. */
    private static String secret(LocalSecretsManager local, String user, String password, List<String> schemas) {
        local.register(FUNCTION, new ReportingGrantsHandler(local.client(), RotorConfig.fromEnvironment(Map.of()),
                PLAINTEXT_ON_LOOPBACK, schemas));
        String grantor = local.createSecret("db/grantor-" + Math.abs(user.hashCode()), Secret.emptyObject()
                .with("username", PostgresFixture.GRANTOR).with("password", PostgresFixture.GRANTOR_PASSWORD)
                .toSecretString().reveal());
        return local.createSecret("db/reader-" + Math.abs(user.hashCode()), Secret.emptyObject()
                .with("engine", "postgres").with("host", "127.0.0.1").with("port", pg.port())
                .with("username", user).with("password", password).with("dbname", "postgres")
                .with("ssl", "false").with("masterarn", grantor)
                .toSecretString().reveal());
    }

    private static String rotate(LocalSecretsManager local, String arn) {
        return local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION)).versionId();
    }

    private static Secret current(LocalSecretsManager local, String arn) {
        return Secret.parse(local.engine().secretString(arn, "AWSCURRENT").orElseThrow());
    }

    private static String password(LocalSecretsManager local, String arn, String stage) {
        return Secret.parse(local.engine().secretString(arn, stage).orElseThrow()).requireSecret("password")
                .reveal();
    }
}
