package dev.rotor.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/** Runs the in-process JMH benchmarks in a forked JVM with the function's flags and adds them to the report. */
final class Jmh {
    private Jmh() {
    }

    static void run(boolean smoke, boolean warmOnly, Report report, List<String> jvm) throws RunnerException {
        List<String> args = new ArrayList<>(jvm);
        args.remove("-XX:MaxRAM=256m"); // the fork also hosts the local Secrets Manager and the simulator
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("org.slf4j."))
                .sorted().forEach(name -> args.add("-D" + name + "=" + System.getProperty(name)));
        RunResult warm = single(options(smoke, WarmRotationBenchmark.class, args, smoke ? 1 : 5, smoke ? 1 : 10));
        Statistics stats = warm.getPrimaryResult().getStatistics();
        report.jmh("Warm rotation, steady state (JMH)", "A whole PostgreSQL single-user rotation in one JVM"
                + " (RotateSecret through the local Secrets Manager, the simulator, the four steps, TLS logins to the"
                + " embedded server), after JMH's warm-up; sample time.", "ms per rotation: median "
                + Report.fmt(stats.getPercentile(50), 1) + " (IQR " + Report.fmt(stats.getPercentile(25), 1) + "–"
                + Report.fmt(stats.getPercentile(75), 1) + ", range " + Report.fmt(stats.getMin(), 1) + "–"
                + Report.fmt(stats.getMax(), 1) + ", n=" + stats.getN() + "), p99 " + Report.fmt(stats
                        .getPercentile(99), 1) + ".");
        if (warmOnly) {
            return;
        }
        RunResult overhead = single(options(smoke, OverheadBenchmark.class, args, smoke ? 1 : 3, smoke ? 1 : 10));
        Statistics throughput = overhead.getPrimaryResult().getStatistics();
        report.jmh("Framework overhead without a database (JMH)", "Whole rotations per second through the"
                + " simulator with the in-memory changer, 2 threads on the 2 cores, each rotating its own secret;"
                + " service, simulator and handler (SDK over HTTP on loopback) in one JVM.", "rotations/s:"
                + " median of iterations " + Report.fmt(throughput.getPercentile(50), 0) + " (range "
                + Report.fmt(throughput.getMin(), 0) + "–" + Report.fmt(throughput.getMax(), 0) + ", n="
                + throughput.getN() + " iterations); mean " + Report.fmt(throughput.getMean(), 0) + " ± "
                + Report.fmt(throughput.getMeanErrorAt(0.999), 0) + " (99.9%).");
    }

    private static ChainedOptionsBuilder options(boolean smoke, Class<?> benchmark, List<String> jvm, int warmups,
            int iterations) {
        return new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .forks(1)
                .jvmArgs(jvm.toArray(String[]::new))
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(smoke ? 1 : 2))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(smoke ? 1 : 2))
                .shouldFailOnError(true);
    }

    private static RunResult single(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("Expected one JMH result, got " + results.size());
        }
        return results.iterator().next();
    }
}
