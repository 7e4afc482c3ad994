package dev.rotor.bench;

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

/**
 * A whole PostgreSQL single-user rotation (RotateSecret, then the simulator runs the four steps of the handler in
 * this JVM against the embedded server over TLS), in steady state after JMH's warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WarmRotationBenchmark {
    private Fixture fixture;
    private String secret;

    @Setup(Level.Trial)
    public void start() {
        fixture = Fixture.start(true);
        fixture.local().simulator().maxAttempts(1);
        fixture.local().register(Fixture.FUNCTION_ARN, fixture.postgresHandler());
        secret = fixture.newPostgresSecret();
        rotation();
    }

    /** A new secret (and login role) for every iteration: the service keeps at most 100 versions of a secret. */
    @Setup(Level.Iteration)
    public void newSecret() {
        fixture.local().timeline().clear();
        fixture.local().simulator().clearRuns();
        secret = fixture.newPostgresSecret();
        rotation();
    }

    @Benchmark
    public void rotation() {
        fixture.rotate(secret, Fixture.FUNCTION_ARN);
    }

    @TearDown(Level.Trial)
    public void stop() {
        fixture.close();
    }
}
