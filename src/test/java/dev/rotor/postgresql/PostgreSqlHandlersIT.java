package dev.rotor.postgresql;

import static dev.rotor.postgresql.PostgreSqlEngine.literal;
import static dev.rotor.postgresql.PostgreSqlEngine.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.RotorConfig;
import dev.rotor.Step;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.ConformanceCheck;
import dev.rotor.testing.ConformanceReport;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.RotationRun;
import dev.rotor.testing.Timeline;
import dev.rotor.testsupport.ScriptedRotation;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Both handlers end to end: the real SDK client over HTTP to the local Secrets Manager, whose rotation simulator
 * invokes the handler the way the service does, against the embedded PostgreSQL server with verified TLS.
 */
class PostgreSqlHandlersIT {
    private static final String SINGLE = "arn:aws:lambda:us-east-1:000000000000:function:pg-single";
    private static final String ALTERNATING = "arn:aws:lambda:us-east-1:000000000000:function:pg-alternating";
    private static final RotorConfig CONFIG = RotorConfig.fromEnvironment(Map.of());
    private static final AtomicInteger IDS = new AtomicInteger();

    private final PostgresServer pg = PostgresTlsServer.get();
    private final DatabaseSettings settings = PostgresTlsServer.settings();
    private LocalSecretsManager local;

    @BeforeEach
    void start() {
        local = LocalSecretsManager.start();
        local.register(SINGLE, new PostgreSqlSingleUserHandler(local.client(), CONFIG, settings));
        local.register(ALTERNATING, new PostgreSqlAlternatingUsersHandler(local.client(), CONFIG, settings));
    }

    @AfterEach
    void stop() {
        local.close();
    }

    private String newUser(String prefix) {
        String user = prefix + "_" + IDS.incrementAndGet();
        String password = ScriptedRotation.randomPassword().reveal();
        pg.dropRoles(user, user + "_clone");
        pg.execute("CREATE ROLE " + quote(user) + " LOGIN PASSWORD " + literal(password));
        return PostgresTlsServer.secret(user, password).toSecretString().reveal();
    }

    private Secret current(String arn) {
        return Secret.parse(local.client().getSecretValue(b -> b.secretId(arn)).secretString());
    }

    private RotationRun rotate(String arn, String function) {
        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(function));
        return local.simulator().lastRun().orElseThrow();
    }

    private boolean logsIn(Secret secret) {
        return pg.canLogin(secret.requireString("username"), secret.requireSecret("password").reveal());
    }

    @Test
    void singleUserRotatesRepeatedlyThroughTheLocalService() {
        String arn = local.createSecret("pg/single", newUser("e2e_single").replace("\"dbname\"",
                "\"team\":\"payments\",\"dbname\""));
        for (int i = 0; i < 3; i++) {
            Secret before = current(arn);
            RotationRun run = rotate(arn, SINGLE);
            assertThat(run.succeeded()).as("run %s", run).isTrue();
            Secret after = current(arn);
            assertThat(logsIn(after)).isTrue();
            assertThat(logsIn(before)).isFalse();
            assertThat(after.requireString("team")).isEqualTo("payments");
            assertThat(local.client().describeSecret(b -> b.secretId(arn)).versionIdsToStages().values())
                    .filteredOn(labels -> labels.contains("AWSPENDING")).isEmpty();
        }
    }

    /** Every API call of the timeline but the RotateSecret that started the rotation, by operation. */
    private Map<String, Long> calls() {
        Map<String, Long> calls = new TreeMap<>();
        for (Timeline.Entry entry : local.timeline().entries(Timeline.Kind.API_CALL)) {
            if (!entry.name().equals("RotateSecret")) {
                calls.merge(entry.name(), 1L, Long::sum);
            }
        }
        return calls;
    }

    @Test
    void aSingleUserRotationInOneInstanceMakesNineCallsAndThirteenWithoutReuseAndWithServicePasswords() {
        String arn = local.createSecret("pg/calls", newUser("e2e_calls"));
        Secret before = current(arn);
        local.timeline().clear();
        assertThat(rotate(arn, SINGLE).succeeded()).isTrue();
        Map<String, Long> warm = calls();
        Secret after = current(arn);
        assertThat(logsIn(after)).isTrue();
        assertThat(logsIn(before)).isFalse();
        assertThat(warm).containsExactly(Map.entry("DescribeSecret", 4L), Map.entry("GetSecretValue", 2L),
                Map.entry("PutSecretValue", 1L), Map.entry("UpdateSecretVersionStage", 2L));

        String noReuse = "arn:aws:lambda:us-east-1:000000000000:function:pg-single-no-reuse";
        local.register(noReuse, new PostgreSqlSingleUserHandler(local.client(),
                RotorConfig.fromEnvironment(Map.of("ROTOR_VALUE_REUSE_SECONDS", "0", "ROTOR_PASSWORD_SOURCE",
                        "secretsmanager")), settings));
        local.timeline().clear();
        assertThat(rotate(arn, noReuse).succeeded()).isTrue();
        assertThat(calls()).containsExactly(Map.entry("DescribeSecret", 4L), Map.entry("GetRandomPassword", 1L),
                Map.entry("GetSecretValue", 5L), Map.entry("PutSecretValue", 1L),
                Map.entry("UpdateSecretVersionStage", 2L));
        assertThat(logsIn(current(arn))).isTrue();
        assertThat(logsIn(after)).isFalse();
    }

    @Test
    void alternatingUsersRotateRepeatedlyWithAnRdsStyleMasterSecret() {
        String master = local.createSecret("pg/master", "{\"username\":\"" + PostgresServer.ADMIN
                + "\",\"password\":\"" + pg.adminPassword() + "\"}");
        String arn = local.createSecret("pg/alternating", newUser("e2e_alt").replace("\"dbname\"",
                "\"masterarn\":\"" + master + "\",\"dbname\""));
        String base = current(arn).requireString("username");
        for (int i = 1; i <= 4; i++) {
            Secret before = current(arn);
            RotationRun run = rotate(arn, ALTERNATING);
            assertThat(run.succeeded()).as("run %s", run).isTrue();
            Secret after = current(arn);
            assertThat(after.requireString("username")).isEqualTo(i % 2 == 1 ? base + "_clone" : base);
            assertThat(logsIn(after)).isTrue();
            assertThat(logsIn(before)).isTrue();
        }
    }

    @Test
    void aMalformedSecretFailsTheRotationAndChangesNothing() {
        String json = newUser("e2e_bad");
        Secret original = Secret.parse(json);
        String arn = local.createSecret("pg/bad", original.with("engine", "oracle").toSecretString().reveal());
        String currentVersion = currentVersion(arn);
        RotationRun run = rotate(arn, SINGLE);
        assertThat(run.succeeded()).isFalse();
        assertThat(run.invocations()).allSatisfy(invocation -> assertThat(invocation.error())
                .satisfiesAnyOf(error -> assertThat(error).isNull(),
                        error -> assertThat(error).contains("oracle")));
        assertThat(currentVersion(arn)).isEqualTo(currentVersion);
        assertThat(logsIn(original)).isTrue();
    }

    @Test
    void aSilentServerFailsTheStepWithinTheLambdaBudget() throws IOException {
        try (ServerSocket blackhole = new ServerSocket(0)) { // accepts TCP, never answers
            Secret secret = Secret.parse(newUser("e2e_budget")).with("port", blackhole.getLocalPort());
            String arn = local.createSecret("pg/budget", secret.toSecretString().reveal());
            local.simulator().maxAttempts(1).functionTimeout(Duration.ofSeconds(5)); // budget: 5 s - 2 s reserve
            RotationRun run = rotate(arn, SINGLE);
            assertThat(run.succeeded()).isFalse();
            assertThat(run.invocations()).filteredOn(invocation -> !invocation.succeeded()).singleElement()
                    .satisfies(invocation -> {
                        assertThat(invocation.step()).isEqualTo(Step.SET_SECRET);
                        // the current credentials are tried first and time out; no time is left for the pending
                        assertThat(invocation.error()).contains("TIME_BUDGET_EXCEEDED").contains("AWSPENDING");
                    });
        }
    }

    private String currentVersion(String arn) {
        return local.client().describeSecret(b -> b.secretId(arn)).versionIdsToStages().entrySet().stream()
                .filter(entry -> entry.getValue().contains("AWSCURRENT")).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }

    @Test
    void singleUserPassesTheConformanceCheck() {
        String json = newUser("conf_single");
        ConformanceReport report = ConformanceCheck.of(
                (SecretsManagerClient client) -> new PostgreSqlSingleUserHandler(client, CONFIG, settings),
                this::logsInQuietly, ConformanceCheck.Strategy.SINGLE_USER).secret(json).run();
        report.assertPassed();
        assertThat(report.scenarios()).isNotEmpty();
    }

    @Test
    void alternatingUsersPassTheConformanceCheck() {
        String json = newUser("conf_alt");
        ConformanceReport report = ConformanceCheck.of(
                (SecretsManagerClient client) -> new PostgreSqlAlternatingUsersHandler(client, CONFIG, settings),
                this::logsInQuietly, ConformanceCheck.Strategy.ALTERNATING_USERS)
                .secret(service -> {
                    String master = service.createSecret("pg/master", "{\"username\":\"" + PostgresServer.ADMIN
                            + "\",\"password\":\"" + pg.adminPassword() + "\"}");
                    return json.replace("\"dbname\"", "\"masterarn\":\"" + master + "\",\"dbname\"");
                }).run();
        report.assertPassed();
        assertThat(report.scenarios()).hasSizeGreaterThan(List.of("plain").size());
    }

    private boolean logsInQuietly(Secret secret) {
        try {
            return logsIn(secret);
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
