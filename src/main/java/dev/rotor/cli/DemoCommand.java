package dev.rotor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.RotorConfig;
import dev.rotor.internal.Json;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.postgresql.PostgreSqlAlternatingUsersHandler;
import dev.rotor.postgresql.PostgreSqlSingleUserHandler;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretValue;
import dev.rotor.testing.LocalSecretsManager;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code rotor demo}: rotates a real PostgreSQL user, first with the single-user handler, then with the
 * alternating-users handler, on embedded PostgreSQL and the local Secrets Manager, and proves each time that the
 * new credentials log in and the replaced password is refused. Prints no password.
 */
final class DemoCommand implements Command {
    static final String SINGLE_USER_FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:rotor-pg-single-user";
    static final String ALTERNATING_FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:rotor-pg-alternating";
    private static final String APP_USER = "app_user";
    private static final String ADMIN_USER = "rotor_admin";

    private final Consumer<LocalSecretsManager> observer;

    DemoCommand() {
        this(local -> { });
    }

    /** With an observer of the local service once it started, for tests that check the output for secrets. */
    DemoCommand(Consumer<LocalSecretsManager> observer) {
        this.observer = observer;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "Rotate a real PostgreSQL user twice (single user, then alternating users) and show the timeline.";
    }

    @Override
    public String description() {
        return """
                Starts embedded PostgreSQL (passwords enforced with scram-sha-256) and the local Secrets Manager,
                creates the application user app_user and its secret, and rotates the secret with
                dev.rotor.postgresql.PostgreSqlSingleUserHandler, then with PostgreSqlAlternatingUsersHandler
                (which creates app_user_clone with the superuser secret named by masterarn). For each rotation it
                shows every step, its duration, the Secrets Manager calls and the labels after it, then proves
                that the new credentials log in and the replaced password is refused. No password is printed.
                Needs nothing but a JDK; the PostgreSQL binaries come from the jar (linux-amd64).

                Exit codes: 0 both rotations and every check passed, 1 otherwise.

                Example:
                  java -jar target/rotor-cli.jar demo""";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.flag("json", "Print the result as one JSON document on stdout (progress on stderr)."));
    }

    @Override
    public int run(Arguments arguments, Console console) throws Exception {
        long start = System.nanoTime();
        Map<String, Long> phases = new LinkedHashMap<>();
        console.progress("starting embedded PostgreSQL (first run unpacks the binaries)");
        long t = System.nanoTime();
        try (DemoDatabase database = DemoDatabase.start()) {
            phases.put("postgresStartMillis", millisSince(t));
            String version = database.version();
            console.progress("PostgreSQL " + version + " on 127.0.0.1:" + database.port() + " (passwords enforced)");
            console.progress("starting the local Secrets Manager");
            t = System.nanoTime();
            try (LocalSecretsManager local = LocalSecretsManager.start()) {
                phases.put("secretsManagerStartMillis", millisSince(t));
                observer.accept(local);
                console.progress("local Secrets Manager on " + local.endpoint());
                DemoRun run = new DemoRun(database, local, console);
                List<RotationReport> reports = run.execute();
                phases.put("totalMillis", millisSince(start));
                boolean passed = reports.stream().allMatch(RotationReport::passed);
                if (arguments.has("json")) {
                    console.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                            json(version, database.port(), local, phases, reports, passed)));
                } else {
                    console.out().print(text(version, database.port(), local, phases, reports, passed));
                }
                return passed ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    private static String text(String version, int port, LocalSecretsManager local, Map<String, Long> phases,
            List<RotationReport> reports, boolean passed) {
        StringBuilder text = new StringBuilder("\nRotor demo: rotating a real PostgreSQL user\n\n");
        text.append(String.format("PostgreSQL %s on 127.0.0.1:%d, passwords enforced (scram-sha-256), started in"
                + " %d ms%n", version, port, phases.get("postgresStartMillis")));
        text.append(String.format("Local Secrets Manager on %s, started in %d ms%n", local.endpoint(),
                phases.get("secretsManagerStartMillis")));
        text.append("Secret demo/app-db: PostgreSQL user " + APP_USER + "; superuser secret demo/postgres-admin ("
                + ADMIN_USER + ")\n");
        text.append("TLS off: the demo server listens on loopback only and its secrets say \"ssl\": \"disable\"\n\n");
        for (int i = 0; i < reports.size(); i++) {
            text.append("Rotation ").append(i + 1).append(": ").append(reports.get(i).text()).append('\n');
        }
        long checks = reports.stream().mapToLong(r -> r.checks().size()).sum();
        long good = reports.stream().flatMap(r -> r.checks().stream()).filter(RotationReport.Check::passed).count();
        text.append(String.format("%s: %d rotations, %d of %d checks passed, %d ms in all. No password was printed."
                + "%n", passed ? "PASSED" : "FAILED", reports.size(), good, checks, phases.get("totalMillis")));
        return text.toString();
    }

    private static ObjectNode json(String version, int port, LocalSecretsManager local, Map<String, Long> phases,
            List<RotationReport> reports, boolean passed) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        ObjectNode postgres = json.putObject("postgres");
        postgres.put("version", version);
        postgres.put("port", port);
        postgres.put("passwordsEnforced", true);
        postgres.put("tls", false);
        json.put("secretsManagerEndpoint", local.endpoint().toString());
        json.put("secret", "demo/app-db");
        json.set("timings", Json.MAPPER.valueToTree(phases));
        ArrayNode rotations = json.putArray("rotations");
        reports.forEach(report -> rotations.add(report.json()));
        json.put("passed", passed);
        return json;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The demo's steps, on a started database and service. */
    private static final class DemoRun {
        private final DemoDatabase database;
        private final LocalSecretsManager local;
        private final Console console;
        private final SecretsManagerClient client;
        private final Map<String, String> versionNames = new LinkedHashMap<>();

        DemoRun(DemoDatabase database, LocalSecretsManager local, Console console) {
            this.database = database;
            this.local = local;
            this.console = console;
            this.client = local.client();
        }

        List<RotationReport> execute() throws Exception {
            console.progress("creating PostgreSQL users " + APP_USER + " and " + ADMIN_USER + " and their secrets");
            SecretValue appPassword = randomPassword();
            SecretValue adminPassword = randomPassword();
            database.createRole(ADMIN_USER, adminPassword, "SUPERUSER");
            database.createRole(APP_USER, appPassword, "");
            database.execute("CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL)");
            database.execute("GRANT SELECT, INSERT ON orders TO " + APP_USER);
            String adminArn = local.createSecret("demo/postgres-admin", databaseSecret(ADMIN_USER, adminPassword)
                    .toSecretString().reveal());
            String appArn = local.createSecret("demo/app-db", databaseSecret(APP_USER, appPassword)
                    .with("masterarn", adminArn).toSecretString().reveal());

            RotorConfig config = RotorConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1"));
            DatabaseSettings settings = DatabaseSettings.fromEnvironment(Map.of());
            local.register(SINGLE_USER_FUNCTION, new PostgreSqlSingleUserHandler(client, config, settings));
            local.register(ALTERNATING_FUNCTION, new PostgreSqlAlternatingUsersHandler(client, config, settings));
            local.simulator().maxAttempts(1);

            List<RotationReport> reports = new ArrayList<>();
            Credentials before = current(appArn);
            RotationReport single = rotate(appArn, "single user", PostgreSqlSingleUserHandler.class,
                    SINGLE_USER_FUNCTION);
            Credentials afterSingle = current(appArn);
            List<RotationReport.Check> checks = new ArrayList<>();
            checks.add(loginWorks(afterSingle, "the new password of " + afterSingle.user() + " logs in"));
            checks.add(loginRefused(before, "the old password of " + before.user() + " is refused"));
            checks.add(new RotationReport.Check("the user name stayed " + APP_USER, afterSingle.user()
                    .equals(APP_USER)));
            reports.add(single.withChecks(checks));

            RotationReport alternating = rotate(appArn, "alternating users", PostgreSqlAlternatingUsersHandler.class,
                    ALTERNATING_FUNCTION);
            Credentials afterAlternating = current(appArn);
            checks = new ArrayList<>();
            checks.add(new RotationReport.Check("the secret now names the other user, " + afterAlternating.user(),
                    afterAlternating.user().equals(APP_USER + "_clone")));
            checks.add(loginWorks(afterAlternating, "the new credentials of " + afterAlternating.user()
                    + " log in"));
            checks.add(loginWorks(afterSingle, "the previous user " + afterSingle.user() + " still logs in"
                    + " (alternating users keeps AWSPREVIOUS valid until the next rotation)"));
            checks.add(loginRefused(before, "the first password of " + before.user() + " is still refused"));
            reports.add(alternating.withChecks(checks));
            return reports;
        }

        private RotationReport rotate(String arn, String title, Class<?> handler, String function) {
            console.progress("rotating demo/app-db with " + handler.getSimpleName());
            long after = local.timeline().entries().stream().mapToLong(e -> e.sequence()).max().orElse(0);
            long start = System.nanoTime();
            try {
                client.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(function)
                        .rotationRules(rules -> rules.automaticallyAfterDays(30L)));
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                console.warn("RotateSecret failed: " + AwsErrors.describe(e));
            }
            long millis = millisSince(start);
            return RotationReport.from(title, handler.getName(), local.timeline(), after, arn, millis,
                    local.engine().versionIds(arn), versionNames);
        }

        private Credentials current(String arn) {
            Secret secret = Secret.parse(client.getSecretValue(b -> b.secretId(arn)).secretString(), "AWSCURRENT of "
                    + arn);
            return new Credentials(secret.requireString("username"), secret.requireSecret("password"));
        }

        private RotationReport.Check loginWorks(Credentials credentials, String description) {
            Optional<String> failure = database.login(credentials.user(), credentials.password());
            return new RotationReport.Check(description + failure.map(s -> " - FAILED with SQLState " + s)
                    .orElse(""), failure.isEmpty());
        }

        private RotationReport.Check loginRefused(Credentials credentials, String description) {
            Optional<String> failure = database.login(credentials.user(), credentials.password());
            return new RotationReport.Check(description + failure.map(s -> " (SQLState " + s + ")")
                    .orElse(" - but it LOGGED IN"), failure.filter("28P01"::equals).isPresent());
        }

        private Secret databaseSecret(String user, SecretValue password) {
            return Secret.emptyObject().with("engine", "postgres").with("host", "127.0.0.1")
                    .with("port", database.port()).with("username", user).with("password", password)
                    .with("dbname", "postgres").with("ssl", "disable");
        }

        private static SecretValue randomPassword() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return SecretValue.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
    }

    /** A user name and its password, read from AWSCURRENT. */
    private record Credentials(String user, SecretValue password) {
    }
}
