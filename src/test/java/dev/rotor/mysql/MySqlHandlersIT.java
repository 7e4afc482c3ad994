package dev.rotor.mysql;

import static dev.rotor.mysql.MySqlTesting.grantSnapshot;
import static dev.rotor.mysql.MySqlTesting.logsIn;
import static dev.rotor.mysql.MySqlTesting.secretJson;
import static dev.rotor.mysql.MySqlTesting.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseEngine;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.ConformanceCheck;
import dev.rotor.testing.ConformanceReport;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.RotationRun;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * The four ready-made handlers, end to end: the real AWS SDK client talks HTTP to the local Secrets Manager, whose
 * simulator invokes the handler for each step, against a real MariaDB 11.4. Then the test kit's conformance check
 * (fault matrix, retries, label and log invariants) runs against each of the four handlers, in every build.
 */
class MySqlHandlersIT {
    private static final String FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:rotor-mysql";
    private static final RotorConfig CONFIG = RotorConfig.fromEnvironment(Map.of());
    private static final MariaDbEngine PROBE_ENGINE = new MariaDbEngine();

    private static EmbeddedMariaDb db;
    private static LocalSecretsManager local;

    @BeforeAll
    static void start() {
        db = EmbeddedMariaDb.shared();
        local = LocalSecretsManager.start();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private record Case(String name, DatabaseEngine engine, String engineName, boolean alternating,
            Function<SecretsManagerClient, RequestStreamHandler> handler) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> handlers() {
        MySqlEngine mysql = new MySqlEngine();
        MariaDbEngine mariadb = new MariaDbEngine();
        return Stream.of(
                new Case("MySqlSingleUserHandler", mysql, "mysql", false,
                        client -> new MySqlSingleUserHandler(client, CONFIG, MySqlTesting.SETTINGS, mysql)),
                new Case("MySqlAlternatingUsersHandler", mysql, "mysql", true,
                        client -> new MySqlAlternatingUsersHandler(client, CONFIG, MySqlTesting.SETTINGS, mysql)),
                new Case("MariaDbSingleUserHandler", mariadb, "mariadb", false,
                        client -> new MariaDbSingleUserHandler(client, CONFIG, MySqlTesting.SETTINGS)),
                new Case("MariaDbAlternatingUsersHandler", mariadb, "mariadb", true,
                        client -> new MariaDbAlternatingUsersHandler(client, CONFIG, MySqlTesting.SETTINGS)))
                .map(Arguments::of);
    }

    private static String superuserSecret() {
        return Secret.emptyObject().with("username", EmbeddedMariaDb.ADMIN).with("password", db.adminPassword())
                .toSecretString().reveal();
    }

    /** A new user with some grants and its secret (with masterarn for alternating users). */
    private static String newUserSecret(Case handler, LocalSecretsManager service) {
        String user = unique("e2e_");
        String account = new MySqlAccount(user, "%").sql();
        String password = "Init1al-" + Integer.toHexString(user.hashCode());
        db.execute("CREATE USER " + account + " IDENTIFIED BY '" + password + "'",
                "GRANT SELECT, INSERT ON rotor.* TO " + account + " WITH GRANT OPTION",
                "GRANT UPDATE (name) ON rotor.items TO " + account);
        Secret secret = Secret.parse(secretJson(db, handler.engineName(), user, password));
        if (handler.alternating()) {
            String master = service.createSecret(unique("master-"), superuserSecret());
            secret = secret.with("masterarn", master);
        }
        return secret.toSecretString().reveal();
    }

    private static Secret current(String arn) {
        return Secret.parse(local.client().getSecretValue(b -> b.secretId(arn)).secretString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void rotatesThroughTheLocalSecretsManagerRepeatedly(Case handler) throws Exception {
        local.register(FUNCTION, handler.handler().apply(local.client()));
        String arn = local.createSecret(unique("app/db-"), newUserSecret(handler, local));
        Secret first = current(arn);
        String user = first.requireString("username");
        Secret before = first;
        for (int i = 0; i < 3; i++) {
            local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));
            RotationRun run = local.simulator().lastRun().orElseThrow();
            assertThat(run.outcome()).as(run.toString()).isEqualTo(RotationRun.Outcome.SUCCEEDED);
            Secret after = current(arn);
            assertThat(logsIn(handler.engine(), after)).isTrue();
            assertThat(after.requireString("extra")).isEqualTo("kept");
            if (handler.alternating()) {
                assertThat(after.requireString("username")).isEqualTo(i % 2 == 0 ? user + "_clone" : user);
                assertThat(logsIn(handler.engine(), before)).as("both users work").isTrue();
                assertThat(grantSnapshot(db, user + "_clone", "%")).isEqualTo(grantSnapshot(db, user, "%"));
            } else {
                assertThat(after.requireString("username")).isEqualTo(user);
                assertThat(logsIn(handler.engine(), before)).as("the old password is refused").isFalse();
            }
            DescribeSecretResponse labels = local.client().describeSecret(b -> b.secretId(arn));
            assertThat(labels.versionIdsToStages().get(run.token())).containsExactly("AWSCURRENT");
            assertThat(labels.versionIdsToStages().values()).filteredOn(stages -> stages.contains("AWSPENDING"))
                    .isEmpty();
            assertThat(labels.versionIdsToStages().values()).filteredOn(stages -> stages.contains("AWSPREVIOUS"))
                    .hasSize(1);
            before = after;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void passesTheConformanceCheck(Case handler) {
        ConformanceCheck.Strategy strategy = handler.alternating() ? ConformanceCheck.Strategy.ALTERNATING_USERS
                : ConformanceCheck.Strategy.SINGLE_USER;
        long start = System.nanoTime();
        ConformanceReport report = ConformanceCheck.of(handler.handler(), MySqlHandlersIT::plainLogin,
                strategy).secret(service -> newUserSecret(handler, service)).echoLogs(false).run();
        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.scenarios()).isNotEmpty();
        System.out.println("Conformance of " + handler + ": " + report.scenarios().size() + " scenarios in "
                + java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
    }

    /**
     * The check logs in before every Secrets Manager call (about 1,200 times per handler): without TLS and with
     * MariaDB Connector/J, the quickest client, to keep it quick. Whether a credential logs in is the server's
     * answer, not the driver's; the handler's own logins (setSecret, testSecret) still use its driver, over TLS.
     */
    private static boolean plainLogin(Secret secret) {
        return MySqlTesting.logsIn(PROBE_ENGINE, secret.with("ssl", "disable").with("engine", "mariadb"));
    }
}
