package dev.rotor.bench;

import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.lambda.LambdaProcess;
import dev.rotor.postgresql.PostgreSqlSingleUserHandler;
import dev.rotor.postgresql.PostgresServer;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.RotationRun;
import dev.rotor.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The local setup every measurement shares: the test kit's Secrets Manager on loopback and, when asked for, an
 * embedded PostgreSQL that checks passwords and speaks TLS with a throw-away CA (the handler verifies it fully, as
 * by default in production). Each {@link #newPostgresSecret()} is a new login role with its own secret.
 */
final class Fixture implements AutoCloseable {
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:rotor-bench";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final LocalSecretsManager local;
    private final PostgresServer postgres;
    private final TestCertificates tls;
    private final TlsFront front;
    private final SecretsManagerClient driver;

    private Fixture(LocalSecretsManager local, PostgresServer postgres, TestCertificates tls, TlsFront front) {
        this.local = local;
        this.postgres = postgres;
        this.tls = tls;
        this.front = front;
        this.driver = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(10)))
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalSecretsManager.ACCESS_KEY, "local-secret-key")))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * Starts a rotation and waits for it (RotateSecret answers after the simulator ran the four steps, which may
     * take minutes with a fresh JVM per step): no retries, a long read timeout.
     */
    void rotate(String secretArn, String functionArn) {
        driver.rotateSecret(b -> b.secretId(secretArn).rotationLambdaARN(functionArn));
        RotationRun run = local.simulator().lastRun().orElseThrow();
        if (!run.succeeded() || !run.secretArn().equals(secretArn)) {
            throw new IllegalStateException("Rotation failed: " + run.invocations());
        }
    }

    /**
     * The local Secrets Manager with its HTTPS front (the cold runs use it, with or without a database), and, when
     * asked for, the embedded PostgreSQL.
     */
    static Fixture start(boolean withPostgres) {
        LocalSecretsManager local = LocalSecretsManager.start();
        try {
            Path dir = Files.createTempDirectory("rotor-bench-tls");
            TlsFront front = TlsFront.start(local.port(), dir);
            if (!withPostgres) {
                return new Fixture(local, null, null, front);
            }
            // RSA 2048, the key type of Amazon RDS's default CA (rds-ca-rsa2048-g1)
            TestCertificates tls = TestCertificates.create(dir, TestCertificates.KeyType.RSA_2048, "dns:localhost");
            return new Fixture(local, PostgresServer.start(Optional.of(tls)), tls, front);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LocalSecretsManager local() {
        return local;
    }

    PostgresServer postgres() {
        return postgres;
    }

    /** A new PostgreSQL login role and a single-user secret for it; returns the secret's ARN. */
    String newPostgresSecret() {
        int n = COUNTER.incrementAndGet();
        String user = "bench_user_" + n;
        String password = "initial-password-" + n + "-Aa1";
        postgres.execute("CREATE ROLE " + user + " WITH LOGIN PASSWORD '" + password + "'");
        String json = "{\"engine\":\"postgres\",\"host\":\"localhost\",\"port\":" + postgres.port()
                + ",\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"dbname\":\"postgres\"}";
        return local.createSecret("bench/postgres/" + n, json);
    }

    /**
     * A new PostgreSQL single-user secret whose role exists nowhere, for steps that never connect (createSecret,
     * finishSecret); returns its ARN.
     */
    String newPlainPostgresSecret() {
        int n = COUNTER.incrementAndGet();
        return local.createSecret("bench/probe/" + n, "{\"engine\":\"postgres\",\"host\":\"localhost\",\"port\":5432,"
                + "\"username\":\"probe_user_" + n + "\",\"password\":\"initial-password-" + n + "-Aa1\","
                + "\"dbname\":\"postgres\"}");
    }

    /** A new secret for the in-memory changer; returns its ARN. */
    String newPlainSecret() {
        int n = COUNTER.incrementAndGet();
        return local.createSecret("bench/memory/" + n, "{\"username\":\"app\",\"password\":\"initial-" + n + "\"}");
    }

    /**
     * The JVM flags the SAM template gives the function ({@code JAVA_TOOL_OPTIONS} in {@code template.yaml}, or the
     * file {@code -Dbench.template} names), so that the measured processes run as the deployed function does.
     */
    static String templateJvmOptions() {
        return TemplateFlags.OPTIONS;
    }

    /** The template's flags, read once, when first asked for. */
    private static final class TemplateFlags {
        static final String OPTIONS = LambdaProcess.templateJvmOptions(
                Path.of(System.getProperty("bench.template", "template.yaml")));
    }

    /**
     * The environment of a function run by the runtime interface client: {@code env} without PATH (Lambda's
     * bootstrap sets its own), its {@code JAVA_TOOL_OPTIONS} plus the 256 MB function's serial collector and heap
     * sizing and {@code extraFlags}, as Lambda users pass JVM flags. C1 only is already the runtime client's default.
     */
    static Map<String, String> runtimeClientEnvironment(Map<String, String> env, List<String> extraFlags) {
        Map<String, String> ricEnv = new LinkedHashMap<>(env);
        ricEnv.remove("PATH");
        List<String> options = new ArrayList<>(List.of(env.get("JAVA_TOOL_OPTIONS"), "-XX:+UseSerialGC",
                "-XX:MaxRAM=256m"));
        options.addAll(extraFlags);
        ricEnv.put("JAVA_TOOL_OPTIONS", String.join(" ", options));
        return ricEnv;
    }

    /** The environment of a function process: what Lambda and the SAM template give the function, nothing else. */
    Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", templateJvmOptions());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", LocalSecretsManager.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret-key");
        env.put("AWS_SESSION_TOKEN", "local-session-token");
        env.put("SECRETS_MANAGER_ENDPOINT", local.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "rotor-bench");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        env.put("LANG", "en_US.UTF-8"); // Lambda's locale and time zone, whatever this machine's are
        env.put("TZ", ":UTC");
        if (tls != null) {
            env.put("ROTOR_DB_TLS_MODE", "verify-full");
            env.put("ROTOR_DB_CA_BUNDLE", tls.caCertificate().toString());
        }
        return env;
    }

    /**
     * The environment of a cold function process: as {@link #functionEnvironment()}, with the Secrets Manager
     * endpoint behind HTTPS ({@link TlsFront}), as production's is; with {@link #coldJvmFlags()}.
     */
    Map<String, String> coldEnvironment() {
        Map<String, String> env = functionEnvironment();
        env.put("SECRETS_MANAGER_ENDPOINT", front.endpoint().toString());
        return env;
    }

    /** The JVM flags of a cold function process: it trusts the JDK's CA certificates and the HTTPS front's. */
    List<String> coldJvmFlags() {
        return front.jvmFlags();
    }

    /** The PostgreSQL single-user handler for this fixture, in this JVM, with its own Rotor-built client. */
    PostgreSqlSingleUserHandler postgresHandler() {
        Map<String, String> env = functionEnvironment();
        RotorConfig config = RotorConfig.fromEnvironment(env);
        return new PostgreSqlSingleUserHandler(local.newClient(), config, DatabaseSettings.fromEnvironment(env));
    }

    @Override
    public void close() {
        driver.close();
        if (front != null) {
            front.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        local.close();
    }
}
