package dev.rotor.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.internal.Json;
import dev.rotor.secrets.SecretsManagerClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A local Secrets Manager on loopback, with the real service's semantics and wire protocol, for testing rotation
 * functions without an AWS account. The unmodified AWS SDK v2 client works against {@link #endpoint()} and raises
 * the real exception classes; any SigV4 credentials are accepted.
 *
 * <pre>{@code
 * try (LocalSecretsManager local = LocalSecretsManager.start()) {
 *     local.simulator().register(FUNCTION_ARN, new MyRotationHandler(local.client()));
 *     String arn = local.createSecret("app/db", "{\"username\":\"app\",\"password\":\"old\"}");
 *     local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION_ARN));
 *     assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
 * }
 * }</pre>
 *
 * <p>{@code RotateSecret} answers after the rotation ran (see {@link RotationSimulator}). Standalone:
 * {@code java -cp <classpath> dev.rotor.testing.LocalSecretsManager --port 4566} prints one line when it is ready
 * and serves until stopped.
 */
public final class LocalSecretsManager implements AutoCloseable {
    /** The access key of {@link #client()}'s static credentials (any credentials are accepted). */
    public static final String ACCESS_KEY = "local";

    /** The read timeout of {@link #client()}: RotateSecret answers only after the whole rotation ran. */
    private static final Duration ROTATE_SECRET_TIMEOUT = Duration.ofMinutes(5);

    private final InMemorySecretsManager engine;
    private final Faults faults;
    private final RotationSimulator simulator;
    private final HttpFront front;
    private final Dispatcher dispatcher;
    private final URI endpoint;
    private volatile SecretsManagerClient client;

    private LocalSecretsManager(int port) throws IOException {
        this.engine = new InMemorySecretsManager();
        this.faults = new Faults(engine.timeline());
        this.simulator = new RotationSimulator(engine, faults);
        this.dispatcher = new Dispatcher(engine, faults);
        faults.writer(this::writeCurrent);
        engine.driver(simulator);
        this.front = new HttpFront(port, dispatcher);
        this.endpoint = URI.create("http://" + front.host() + ":" + front.port());
    }

    /** Starts on loopback on an ephemeral port. */
    public static LocalSecretsManager start() {
        return start(0);
    }

    /**
     * Starts on loopback on the given port (0 for an ephemeral one).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static LocalSecretsManager start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        try {
            return new LocalSecretsManager(port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on 127.0.0.1:" + port, e);
        }
    }

    /** The endpoint URL, such as {@code http://127.0.0.1:4566}, for an SDK endpoint override. */
    public URI endpoint() {
        return endpoint;
    }

    /** The port it listens on. */
    public int port() {
        return front.port();
    }

    /**
     * A real SDK v2 client for this service: UrlConnection HTTP client, endpoint override, region us-east-1, static
     * dummy credentials (never the machine's profile), standard retries, and a 5-minute read timeout because
     * RotateSecret answers only after the rotation ran (with the SDK's default of 30 s, a longer rotation would be
     * retried, which the same ClientRequestToken makes harmless). Built once; closed by {@link #close()}.
     */
    public SecretsManagerClient client() {
        SecretsManagerClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = newClient();
                }
                built = client;
            }
        }
        return built;
    }

    /** A new client like {@link #client()}, which the caller closes. */
    public SecretsManagerClient newClient() {
        return SecretsManagerClient.builder()
                .httpClientBuilder(SecretsManagerClients.httpClientBuilder(ROTATE_SECRET_TIMEOUT))
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        "local-secret-key")))
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** The in-memory service behind the HTTP front, for inspection and settings (clock, version quota). */
    public InMemorySecretsManager engine() {
        return engine;
    }

    /** The rotation simulator: register functions, set attempts and timeout, read the runs. */
    public RotationSimulator simulator() {
        return simulator;
    }

    /** Fault injection for calls and steps. */
    public Faults faults() {
        return faults;
    }

    /** Every call and rotation event, masked. */
    public Timeline timeline() {
        return engine.timeline();
    }

    /** Registers a rotation function under a Lambda ARN (see {@link RotationSimulator#register}). */
    public LocalSecretsManager register(String functionArn, RequestStreamHandler function) {
        simulator.register(functionArn, function);
        return this;
    }

    /**
     * Creates a secret with a first value (labelled AWSCURRENT) and returns its ARN. Recorded in the timeline, not
     * subject to fault injection.
     */
    public String createSecret(String name, String secretString) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("Name", name);
        request.put("SecretString", secretString);
        return dispatcher.internal("CreateSecret", request).get("ARN").textValue();
    }

    /**
     * Writes a new AWSCURRENT value as a person or another program would ({@code PutSecretValue} without
     * {@code VersionStages}), bypassing fault injection; it abandons a rotation in progress.
     *
     * @return the new version id
     */
    public String writeCurrent(String secretId, String secretString) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("SecretId", secretId);
        request.put("SecretString", secretString);
        return dispatcher.internal("PutSecretValue", request).get("VersionId").textValue();
    }

    /** Stops serving and closes {@link #client()}. */
    @Override
    public void close() {
        SecretsManagerClient built = client;
        if (built != null) {
            built.close();
        }
        front.close();
    }

    @Override
    public String toString() {
        return "LocalSecretsManager{" + endpoint + "}";
    }

    /**
     * Serves until the process is stopped: {@code --port N} (default 4566). Prints
     * {@code LocalSecretsManager listening on http://127.0.0.1:N} when ready.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 4566;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = Integer.parseInt(args[i].substring("--port=".length()));
            } else {
                System.err.println("Usage: LocalSecretsManager [--port N]");
                System.exit(2);
            }
        }
        LocalSecretsManager local = start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            local.close();
            stopped.countDown();
        }, "local-secrets-manager-stop"));
        System.out.println("LocalSecretsManager listening on " + local.endpoint());
        System.out.flush();
        stopped.await();
    }
}
