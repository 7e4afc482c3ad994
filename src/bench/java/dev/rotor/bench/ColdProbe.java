package dev.rotor.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.RotationEvent;
import dev.rotor.Step;
import dev.rotor.bench.child.FloorMain;
import dev.rotor.bench.child.StepMain;
import dev.rotor.lambda.RicStep;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Only the cold createSecret of the PostgreSQL single-user handler against the floor, for work on the cold path: each
 * round runs the floor, the step with the handler invoked directly and the step through the runtime interface client,
 * each in a fresh JVM from the unpacked Lambda package exactly as {@link Bench} runs them, in an order that rotates
 * from round to round. The other steps of each rotation run in this JVM (no database is needed: createSecret never
 * connects). Prints, per kind, the wall time, the child's CPU time (less disturbed by other work than wall time) and
 * the classes loaded, with the ratios to the floor.
 *
 * <p>Properties: {@code probe.rounds} (15), {@code probe.ric} (true), {@code probe.flags} (extra JVM flags for every
 * child, space-separated; through {@code JAVA_TOOL_OPTIONS} for the runtime client), {@code probe.classLog} (a folder:
 * one extra unmeasured round first, writing each kind's {@code -Xlog:class+load} there), {@code probe.baseline} (the
 * path of another build's {@code rotor-lambda.zip}: its direct and runtime-client runs join every round, for a
 * before/after comparison side by side), {@code probe.sideFlags} (JVM flags for one side only: direct and
 * runtime-client runs with them join every round, the floor stays without). Run by {@code bench/run cold} (see
 * docs/benchmarks.md).
 */
public final class ColdProbe {
    private static final String FLOOR = "floor";
    private static final String DIRECT = "createSecret, direct";
    private static final String RIC = "createSecret, runtime client";
    private static final String BASELINE = " (baseline)";

    private final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
    private final String javaBinary = System.getProperty("bench.java", Path.of(System.getProperty("java.home"), "bin",
            "java").toString());
    private final Path log = dir.resolve("probe-children.log");
    private final List<String> flags = split(System.getProperty("probe.flags", ""));
    private final List<String> sideFlags = split(System.getProperty("probe.sideFlags", ""));
    private final String withSideFlags = " (with " + String.join(" ", sideFlags) + ")";
    private final Map<String, Path> taskRoots = new LinkedHashMap<>();
    private Path children;

    private ColdProbe() {
    }

    public static void main(String[] args) throws Exception {
        new ColdProbe().run();
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        Files.deleteIfExists(log);
        prepare();
        int rounds = Integer.getInteger("probe.rounds", 15);
        boolean ric = Boolean.parseBoolean(System.getProperty("probe.ric", "true"));
        List<String> kinds = new ArrayList<>(List.of(FLOOR, DIRECT));
        if (ric) {
            kinds.add(RIC);
        }
        if (!sideFlags.isEmpty()) {
            kinds.add(DIRECT + withSideFlags);
            if (ric) {
                kinds.add(RIC + withSideFlags);
            }
        }
        if (taskRoots.containsKey(BASELINE)) {
            kinds.add(DIRECT + BASELINE);
            if (ric) {
                kinds.add(RIC + BASELINE);
            }
        }
        Map<String, List<ColdRun.Result>> results = new LinkedHashMap<>();
        for (String kind : kinds) {
            results.put(kind, new ArrayList<>());
        }
        try (Fixture fixture = Fixture.start(false)) {
            fixture.local().simulator().maxAttempts(1);
            Map<String, String> env = environment(fixture);
            String classLog = System.getProperty("probe.classLog");
            if (classLog != null && !classLog.isBlank()) {
                Path logs = Path.of(classLog);
                Files.createDirectories(logs);
                for (String kind : kinds) {
                    measure(fixture, env, kind, List.of("-Xlog:class+load=info:file=" + logs.resolve(fileName(kind))
                            + ":uptimenanos"));
                }
            }
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(kinds);
                Collections.rotate(order, round);
                for (String kind : order) {
                    results.get(kind).add(measure(fixture, env, kind, List.of()));
                }
                System.out.println("probe round " + (round + 1) + "/" + rounds + " done: " + order);
            }
        }
        System.out.println(table(results));
    }

    private ColdRun.Result measure(Fixture fixture, Map<String, String> env, String kind, List<String> extra) {
        List<String> childFlags = new ArrayList<>(flags);
        if (kind.endsWith(withSideFlags)) {
            childFlags.addAll(sideFlags);
        }
        childFlags.addAll(extra);
        childFlags.addAll(fixture.coldJvmFlags());
        String secret = fixture.newPlainPostgresSecret();
        if (kind.equals(FLOOR)) {
            return ColdRun.run(command(taskRoots.get(""), childFlags, FloorMain.class.getName(), secret), env,
                    new byte[0], log);
        }
        Probe probe = new Probe(fixture, env, kind, childFlags);
        String arn = Fixture.FUNCTION_ARN + "-probe";
        fixture.local().register(arn, probe);
        fixture.rotate(secret, arn);
        fixture.local().simulator().unregister(arn);
        return probe.result;
    }

    /** A rotation function whose createSecret runs in a child JVM; the other steps run in this JVM. */
    private final class Probe implements RequestStreamHandler {
        private final Fixture fixture;
        private final Map<String, String> env;
        private final String kind;
        private final List<String> childFlags;
        private ColdRun.Result result;

        Probe(Fixture fixture, Map<String, String> env, String kind, List<String> childFlags) {
            this.fixture = fixture;
            this.env = env;
            this.kind = kind;
            this.childFlags = childFlags;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            byte[] event = input.readAllBytes();
            Step step = RotationEvent.read(new ByteArrayInputStream(event)).step();
            if (step == Step.CREATE_SECRET) {
                Path root = taskRoots.get(kind.endsWith(BASELINE) ? BASELINE : "");
                result = kind.startsWith(DIRECT)
                        ? ColdRun.run(command(root, childFlags, StepMain.class.getName(), Bench.POSTGRES_HANDLER),
                                env, event, log)
                        : ric(root, event);
            } else if (step == Step.FINISH_SECRET) {
                fixture.postgresHandler().handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                        null);
            }
        }

        private ColdRun.Result ric(Path taskRoot, byte[] event) {
            Map<String, String> ricEnv = Fixture.runtimeClientEnvironment(env, childFlags);
            try {
                RicStep.Result ran = RicStep.run(taskRoot, Bench.POSTGRES_HANDLER + "::handleRequest", ricEnv,
                        new String(event, StandardCharsets.UTF_8), dir.resolve("probe-ric-logs"));
                return new ColdRun.Result(ran.millis(), ran.peakRssKib() * 1024, -1, -1, -1, -1, -1,
                        ran.cpuMillis(), -1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("The runtime client did not answer", e);
            }
        }
    }

    private static Map<String, String> environment(Fixture fixture) throws IOException {
        Map<String, String> env = fixture.coldEnvironment();
        // as in the full run, where the CA bundle is the embedded server's: createSecret checks that it is readable
        Path ca = Files.createTempFile("rotor-probe-ca", ".pem");
        Files.writeString(ca, "not read by createSecret\n", StandardCharsets.UTF_8);
        ca.toFile().deleteOnExit();
        env.put("ROTOR_DB_TLS_MODE", "verify-full");
        env.put("ROTOR_DB_CA_BUNDLE", ca.toString());
        return env;
    }

    private void prepare() throws IOException {
        children = Bench.copyChildClasses(dir);
        unpack(Path.of(System.getProperty("bench.packageDir", "target")).resolve("rotor-lambda.zip"), "",
                "probe-package");
        String baseline = System.getProperty("probe.baseline");
        if (baseline != null && !baseline.isBlank()) {
            unpack(Path.of(baseline), BASELINE, "probe-baseline");
        }
    }

    private void unpack(Path zip, String key, String folder) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("No Lambda package at " + zip + "; run ./mvnw package first");
        }
        Path root = dir.resolve(folder);
        Bench.unzip(zip, root);
        taskRoots.put(key, root);
    }

    private List<String> command(Path taskRoot, List<String> extra, String main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(Bench.FUNCTION_JVM);
        command.addAll(extra);
        command.add("-cp");
        command.add(children + File.pathSeparator + taskRoot + File.pathSeparator + taskRoot.resolve("lib")
                + File.separator + "*");
        command.add(main);
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static String table(Map<String, List<ColdRun.Result>> results) {
        List<ColdRun.Result> floor = results.get(FLOOR);
        double floorWall = Stats.of(floor.stream().map(ColdRun.Result::millis).toList()).median();
        double floorCpu = Stats.of(cpu(floor)).median();
        double floorMain = Stats.of(mainCpu(floor)).median();
        StringBuilder out = new StringBuilder("\n| run | wall ms: median (IQR, range, n) | wall ratio | paired ratio"
                + " | CPU ms: median (IQR) | CPU ratio | main thread CPU ms: median (IQR) | ratio | classes |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((kind, list) -> {
            if (list.isEmpty()) {
                return;
            }
            Stats wall = Stats.of(list.stream().map(ColdRun.Result::millis).toList());
            Stats cpu = Stats.of(cpu(list));
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < list.size() && i < floor.size(); i++) {
                paired.add(list.get(i).millis() / floor.get(i).millis());
            }
            double classes = Stats.of(list.stream().map(r -> (double) r.classes()).toList()).median();
            Stats main = Stats.of(mainCpu(list));
            String mainText = main.median() < 0 ? "n/a | n/a" : String.format(Locale.ROOT, "%.1f (%.1f–%.1f) | %.2f",
                    main.median(), main.q1(), main.q3(), main.median() / floorMain);
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.0f (%.0f–%.0f) | %.2f | %s | %s |%n",
                    kind, wall.format(0), wall.median() / floorWall, Stats.of(paired).median(), cpu.median(),
                    cpu.q1(), cpu.q3(), cpu.median() / floorCpu, mainText, classes < 0 ? "n/a"
                            : String.format(Locale.ROOT, "%.0f", classes)));
        });
        return out.toString();
    }

    private static List<Double> mainCpu(List<ColdRun.Result> results) {
        return results.stream().map(r -> r.mainCpuMicros() / 1e3).toList();
    }

    private static List<Double> cpu(List<ColdRun.Result> results) {
        return results.stream().map(r -> (double) r.cpuMillis()).toList();
    }

    private static String fileName(String kind) {
        return "classes-" + kind.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-") + ".log";
    }

    private static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.strip().split("\\s+"));
    }
}
