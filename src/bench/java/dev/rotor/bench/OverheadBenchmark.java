package dev.rotor.bench;

import dev.rotor.RotorConfig;
import dev.rotor.testing.RotationRun;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Framework overhead without a database: whole rotations per second through the simulator with the in-memory
 * changer, two threads (one per core), each rotating its own secret. Everything (the local Secrets Manager, the
 * simulator, the handler and its SDK client over HTTP) runs in this JVM, so the figure is an upper bound of
 * Rotor's own cost. The service is new for every iteration, as the test kit's timeline and masking grow with every
 * value it has seen.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class OverheadBenchmark {
    /** The service and the function, shared by the threads. */
    @State(Scope.Benchmark)
    public static class Service {
        Fixture fixture;

        @Setup(Level.Iteration)
        public void start() {
            fixture = Fixture.start(false);
            fixture.local().simulator().maxAttempts(1);
            SecretsManagerClient client = fixture.local().newClient();
            fixture.local().register(Fixture.FUNCTION_ARN, new InMemoryHandler(new InMemoryChanger(), client,
                    RotorConfig.fromEnvironment(fixture.functionEnvironment())));
        }

        /** Fails the run if a rotation did not succeed (checked once per iteration, outside the timing). */
        @TearDown(Level.Iteration)
        public void stop() {
            try {
                for (RotationRun run : fixture.local().simulator().runs()) {
                    if (!run.succeeded()) {
                        throw new IllegalStateException("A rotation failed: " + run.invocations());
                    }
                }
            } finally {
                fixture.close();
            }
        }
    }

    /**
     * One secret per thread, replaced after 50 rotations: the service keeps at most 100 versions of a secret younger
     * than 24 hours, as the real one does (a new secret costs one CreateSecret per 50 rotations).
     */
    @State(Scope.Thread)
    public static class Rotated {
        private static final int ROTATIONS_PER_SECRET = 50;
        String secret;
        int rotations;

        @Setup(Level.Iteration)
        public void create(Service service) {
            secret = service.fixture.newPlainSecret();
            rotations = 0;
        }

        String next(Service service) {
            if (rotations++ == ROTATIONS_PER_SECRET) {
                create(service);
                rotations = 1;
            }
            return secret;
        }
    }

    @Benchmark
    public void rotation(Service service, Rotated rotated) {
        String secret = rotated.next(service);
        service.fixture.local().client().rotateSecret(b -> b.secretId(secret).rotationLambdaARN(Fixture.FUNCTION_ARN));
    }
}
