package dev.rotor.bench;

import dev.rotor.Step;
import dev.rotor.bench.child.FloorMain;
import dev.rotor.bench.child.ServeMain;
import dev.rotor.bench.child.StepMain;
import dev.rotor.lambda.RicStep;
import dev.rotor.postgresql.PostgreSqlSingleUserHandler;
import dev.rotor.testing.Timeline;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The benchmark harness: every measurement of docs/benchmarks.md in one run, side by side, written to
 * {@code target/bench/report.md}. Run by {@code bench/run} (or {@code ./mvnw -B -Pbench -DskipTests verify});
 * {@code -Dbench.mode=smoke} repeats everything only twice, to prove the harness works; {@code -Dbench.mode=warm}
 * measures only the warm rotation (function processes and JMH's steady state).
 */
public final class Bench {
    /**
     * The function JVM's flags: C1 only and the serial collector as in Lambda's Java runtimes, sized as 256 MB.
     * Every function process (and the floor) also gets the template's {@code JAVA_TOOL_OPTIONS}, as Lambda passes
     * them ({@link Fixture#templateJvmOptions()}).
     */
    static final List<String> FUNCTION_JVM = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:MaxRAM=256m", "-Xshare:auto");
    static final String POSTGRES_HANDLER = PostgreSqlSingleUserHandler.class.getName();
    /** The label of the Python template's warm processes in the report. */
    static final String PYTHON_TEMPLATE = "AWS's Python template (SecretsManagerRDSPostgreSQLRotationSingleUser)";

    private final boolean smoke = "smoke".equals(System.getProperty("bench.mode"));
    private final boolean warmOnly = "warm".equals(System.getProperty("bench.mode"));
    private final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
    private final String javaBinary = System.getProperty("bench.java", Path.of(System.getProperty("java.home"), "bin",
            "java").toString());
    private final Path log = dir.resolve("children.log");
    private final Report report = new Report();
    private String functionClasspath;
    private Path taskRoot;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        new Bench().run();
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        Files.deleteIfExists(log);
        report.machine(javaBinary, smoke);
        functionClasspath = prepareClasspath();
        int runs = smoke ? 2 : 11;
        try (Fixture fixture = Fixture.start(true)) {
            fixture.local().simulator().maxAttempts(1);
            if (!warmOnly) {
                coldAndCalls(fixture, runs);
            }
            warmProcess(fixture, smoke ? 1 : Integer.getInteger("bench.warmProcesses", 7));
        }
        if (Boolean.parseBoolean(System.getProperty("bench.jmh", "true"))) {
            List<String> jvm = new ArrayList<>(FUNCTION_JVM);
            jvm.addAll(List.of(Fixture.templateJvmOptions().split("\\s+")));
            Jmh.run(smoke, warmOnly, report, jvm);
        }
        report.loadAfter();
        Path out = dir.resolve("report.md");
        Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
        System.out.println(report.markdown());
        System.out.println("Report written to " + out);
    }

    /** The floor, the cold steps (direct, and through the runtime interface client), and API calls by operation. */
    private void coldAndCalls(Fixture fixture, int runs) {
        Map<String, String> env = fixture.coldEnvironment();
        List<String> trust = fixture.coldJvmFlags();
        ColdFunction direct = new ColdFunction((event, step) -> ColdRun.run(command(trust, StepMain.class.getName(),
                POSTGRES_HANDLER), env, event, log));
        String directArn = Fixture.FUNCTION_ARN + "-direct";
        fixture.local().register(directArn, direct);
        ColdFunction ric = null;
        String ricArn = Fixture.FUNCTION_ARN + "-ric";
        if (taskRoot != null) {
            Map<String, String> ricEnv = Fixture.runtimeClientEnvironment(env, trust);
            Path logs = dir.resolve("ric-logs");
            ric = new ColdFunction((event, step) -> ric(ricEnv, event, logs));
            fixture.local().register(ricArn, ric);
        }
        String secret = fixture.newPostgresSecret();
        List<ColdRun.Result> floor = new ArrayList<>();
        Map<String, Integer> calls = Map.of();
        for (int i = 0; i < runs; i++) {
            floor.add(ColdRun.run(command(trust, FloorMain.class.getName(), secret), env, new byte[0], log));
            fixture.local().timeline().clear();
            rotate(fixture, secret, directArn);
            calls = calls(fixture.local().timeline());
            if (ric != null) {
                rotate(fixture, secret, ricArn);
            }
            System.out.println("cold round " + (i + 1) + "/" + runs + " done");
        }
        report.floor(floor);
        report.cold("handler invoked directly", direct.results());
        if (ric != null) {
            report.cold("runtime interface client", ric.results());
        }
        report.calls("PostgreSQL single user, a fresh process per step", calls);

        String warmArn = Fixture.FUNCTION_ARN + "-in-process";
        fixture.local().register(warmArn, fixture.postgresHandler());
        rotate(fixture, secret, warmArn);
        fixture.local().timeline().clear();
        rotate(fixture, secret, warmArn);
        report.calls("PostgreSQL single user, one warm instance for the four steps", calls(fixture.local().timeline()));

        InMemoryChanger changer = new InMemoryChanger();
        String memoryArn = Fixture.FUNCTION_ARN + "-memory";
        fixture.local().register(memoryArn, new InMemoryHandler(changer, fixture.local().newClient(),
                dev.rotor.RotorConfig.fromEnvironment(fixture.functionEnvironment())));
        String plain = fixture.newPlainSecret();
        rotate(fixture, plain, memoryArn);
        fixture.local().timeline().clear();
        rotate(fixture, plain, memoryArn);
        report.calls("in-memory changer", calls(fixture.local().timeline()));
    }

    /**
     * Rotations in one long-lived function process: the first unmeasured, then the next ones. With
     * {@code -Dbench.compareEnv=NAME=VALUE[,NAME=VALUE...]}, every process is followed by one with those variables
     * set, and both are reported: an A/B comparison whose two sides share the machine's state at the time. With
     * {@code -Dbench.pythonTemplate=DIR}, every process is also followed by one of the Python function in
     * {@code DIR/lambda_function.py} (AWS's template, for the warm target), run by {@code src/bench/python}.
     */
    private void warmProcess(Fixture fixture, int processes) {
        Map<String, String> env = fixture.functionEnvironment();
        List<String> command = command(ServeMain.class.getName(), POSTGRES_HANDLER);
        String extra = System.getProperty("bench.serveFlags", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(1, List.of(extra.split("\\s+")));
        }
        List<WarmSamples> variants = new ArrayList<>();
        variants.add(new WarmSamples("", command, env));
        String compare = System.getProperty("bench.compareEnv", "").strip();
        if (!compare.isEmpty()) {
            variants.add(new WarmSamples("with " + compare, command, withSettings(env, compare)));
        }
        WarmSamples python = pythonTemplate(env);
        if (python != null) {
            variants.add(python);
        }
        int process = 0;
        for (int p = 0; p < processes; p++) {
            for (WarmSamples variant : variants) {
                String secret = fixture.newPostgresSecret();
                String arn = Fixture.FUNCTION_ARN + "-warm-" + process++;
                try (WarmFunction warm = new WarmFunction(variant.command, variant.env, log)) {
                    fixture.local().register(arn, warm);
                    for (int r = 0; r < 5; r++) {
                        rotate(fixture, secret, arn);
                        variant.add(r, warm.steps());
                    }
                    variant.memory.add(warm.finish());
                }
                fixture.local().simulator().unregister(arn);
            }
        }
        for (WarmSamples variant : variants) {
            report.warmProcess(variant.label, variant.secondWall(), variant.later, variant.byStep, variant.memory);
            report.warmTimeSplit(variant.second);
        }
        WarmSamples base = variants.get(0);
        String againstPython = null;
        for (WarmSamples variant : variants.subList(1, variants.size())) {
            String name = variant == python ? variant.label : "the function " + variant.label;
            String paired = report.warmPairs(name, base.secondWall(), variant.secondWall(), base.laterMedians(),
                    variant.laterMedians());
            if (variant == python) {
                againstPython = paired;
            }
        }
        report.warmTarget(base.secondWall(), python == null ? null : python.secondWall(), againstPython);
    }

    /** {@code env} with the settings of {@code -Dbench.compareEnv}. */
    private static Map<String, String> withSettings(Map<String, String> env, String settings) {
        Map<String, String> other = new LinkedHashMap<>(env);
        for (String setting : settings.split(",")) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("bench.compareEnv must be NAME=VALUE[,NAME=VALUE...]");
            }
            other.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        return other;
    }

    /**
     * The Python template's function processes, when {@code -Dbench.pythonTemplate} names the folder of its
     * {@code lambda_function.py}; {@code -Dbench.python} is the interpreter (python3 on the PATH by default),
     * {@code -Dbench.pythonPath} folders for its module path after its own packages. Null when not asked for.
     */
    private static WarmSamples pythonTemplate(Map<String, String> env) {
        String template = System.getProperty("bench.pythonTemplate", "").strip();
        if (template.isEmpty()) {
            return null;
        }
        Path folder = Path.of(template).toAbsolutePath();
        if (!Files.isRegularFile(folder.resolve("lambda_function.py"))) {
            throw new IllegalArgumentException("bench.pythonTemplate: no lambda_function.py in " + folder);
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("bench.python", "python3"),
                Path.of(System.getProperty("bench.pythonDriver", "src/bench/python/serve_function.py"))
                        .toAbsolutePath().toString(), folder.toString()));
        String path = System.getProperty("bench.pythonPath", "").strip();
        if (!path.isEmpty()) {
            command.addAll(List.of(path.split(File.pathSeparator)));
        }
        Map<String, String> pythonEnv = new LinkedHashMap<>(env);
        pythonEnv.put("AWS_DEFAULT_REGION", env.get("AWS_REGION")); // Lambda sets both; boto3 reads this one
        return new WarmSamples(PYTHON_TEMPLATE, command, pythonEnv);
    }

    /** The warm-process figures of one function: the command and environment of its processes, and its samples. */
    private static final class WarmSamples {
        final String label;
        final List<String> command;
        final Map<String, String> env;
        final List<WarmFunction.StepTime> second = new ArrayList<>();
        final List<Double> later = new ArrayList<>();
        final Map<Step, List<Double>> byStep = new LinkedHashMap<>();
        final List<Map<String, Long>> memory = new ArrayList<>();

        WarmSamples(String label, List<String> command, Map<String, String> env) {
            this.label = label;
            this.command = command;
            this.env = env;
            for (Step step : Step.values()) {
                byStep.put(step, new ArrayList<>());
            }
        }

        /** The handler time of each process's second rotation. */
        List<Double> secondWall() {
            return second.stream().map(WarmFunction.StepTime::wall).toList();
        }

        /** The median of each process's rotations after the second. */
        List<Double> laterMedians() {
            int perProcess = second.isEmpty() ? 0 : later.size() / second.size();
            List<Double> medians = new ArrayList<>();
            for (int p = 0; perProcess > 0 && p < second.size(); p++) {
                medians.add(Stats.of(later.subList(p * perProcess, (p + 1) * perProcess)).median());
            }
            return medians;
        }

        /** The last four steps, of rotation {@code r} (0 is the first) of a process. */
        void add(int r, List<WarmFunction.StepTime> steps) {
            List<WarmFunction.StepTime> last = steps.subList(steps.size() - 4, steps.size());
            if (r >= 1) {
                for (int i = 0; i < 4; i++) {
                    byStep.get(Step.values()[i]).add(last.get(i).wall());
                }
            }
            WarmFunction.StepTime total = WarmFunction.StepTime.sum(last);
            if (r == 1) {
                second.add(total);
            } else if (r > 1) {
                later.add(total.wall());
            }
        }
    }

    private ColdRun.Result ric(Map<String, String> env, byte[] event, Path logs) {
        try {
            RicStep.Result result = RicStep.run(taskRoot, POSTGRES_HANDLER + "::handleRequest", env,
                    new String(event, StandardCharsets.UTF_8), logs);
            return new ColdRun.Result(result.millis(), result.peakRssKib() * 1024, -1, -1, -1, -1, -1,
                    result.cpuMillis(), -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("The runtime client did not answer", e);
        }
    }

    private static void rotate(Fixture fixture, String secret, String functionArn) {
        fixture.rotate(secret, functionArn);
    }

    /** The calls the function made: every API call of the timeline except the RotateSecret that started it. */
    static Map<String, Integer> calls(Timeline timeline) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Timeline.Entry entry : timeline.entries(Timeline.Kind.API_CALL)) {
            if (!entry.name().equals("RotateSecret")) {
                counts.merge(entry.name(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private List<String> command(String main, String... args) {
        return command(List.of(), main, args);
    }

    private List<String> command(List<String> extra, String main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(FUNCTION_JVM);
        command.addAll(extra);
        command.add("-cp");
        command.add(functionClasspath);
        command.add(main);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Adds the jars of {@code -Dbench.extraLib} (paths, separated as on a class path) to the package's
     * {@code lib/}, as a user would add a library to the function: to measure Rotor with it (a crypto provider,
     * say, which a {@code -Dbench.compareEnv} of {@code JAVA_TOOL_OPTIONS} then registers for one side).
     */
    private void addJars(Path lib) throws IOException {
        for (String jar : System.getProperty("bench.extraLib", "").split(File.pathSeparator)) {
            if (!jar.isBlank()) {
                Files.createDirectories(lib);
                Path from = Path.of(jar.strip());
                Files.copy(from, lib.resolve(from.getFileName()));
                report.extraJar(from.getFileName().toString(), Files.size(from));
            }
        }
    }

    /**
     * The function's classpath: the deployable package unpacked as Lambda unpacks it (classes at the root, jars in
     * {@code lib/}), or, without a package, the compiled classes and runtime dependencies; plus the benchmark's
     * child entry points, copied on their own so that no test resource is on the path.
     */
    private String prepareClasspath() throws IOException {
        Path children = copyChildClasses(dir);
        Path packageDir = Path.of(System.getProperty("bench.packageDir", "target"));
        Path zip = packageDir.resolve("rotor-lambda.zip");
        String path;
        if (Files.isRegularFile(zip)) {
            Path unpacked = dir.resolve("package");
            unzip(zip, unpacked);
            addJars(unpacked.resolve("lib"));
            taskRoot = unpacked;
            path = unpacked + File.pathSeparator + unpacked.resolve("lib") + File.separator + "*";
            report.packageSize(zip, Files.size(zip));
        } else {
            String runtime = Files.readString(dir.resolve("runtime.classpath"), StandardCharsets.UTF_8).strip();
            path = System.getProperty("bench.classes", "target/classes") + File.pathSeparator + runtime;
            report.packageSize(null, -1);
        }
        return children + File.pathSeparator + path;
    }

    /** Copies the child entry points, alone, into {@code dir/child-classes}, and returns that folder. */
    static Path copyChildClasses(Path dir) throws IOException {
        Path children = dir.resolve("child-classes");
        Path source = Path.of(System.getProperty("bench.testClasses", "target/test-classes"));
        Path childPackage = Path.of("dev", "rotor", "bench", "child");
        Files.createDirectories(children.resolve(childPackage));
        try (Stream<Path> files = Files.list(source.resolve(childPackage))) {
            for (Path file : files.toList()) {
                Files.copy(file, children.resolve(childPackage).resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return children;
    }

    static void unzip(Path zip, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static Map<Step, List<Double>> millis(Map<Step, List<ColdRun.Result>> results) {
        Map<Step, List<Double>> millis = new LinkedHashMap<>();
        results.forEach((step, list) -> millis.put(step, list.stream().map(ColdRun.Result::millis).toList()));
        return millis;
    }
}
