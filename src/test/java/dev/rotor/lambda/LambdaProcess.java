package dev.rotor.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Lambda package run the way the managed Java runtime runs it: the package extracted into a task root
 * ({@code LAMBDA_TASK_ROOT}, where the client's own class loader finds it), AWS's runtime interface client and its
 * dependencies alone on the JVM's class path, the runtime client's main class started with the handler's name, in
 * a separate JVM, with a clean environment. Its stdout and stderr are captured to files.
 */
public final class LambdaProcess implements AutoCloseable {
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private long peakRssKb = -1;

    private LambdaProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The Lambda package, built by {@code ./mvnw package} (the failsafe configuration passes its path). */
    public static Path lambdaPackage() {
        return Path.of(System.getProperty("rotor.lambda.package", "target/rotor-lambda.zip"));
    }

    /** The runtime interface client's jars, copied by the build into one folder. */
    public static Path runtimeClientDirectory() {
        return Path.of(System.getProperty("rotor.lambda.runtime", "target/lambda-runtime"));
    }

    /**
     * The JVM flags a SAM template gives its function: the value of its {@code JAVA_TOOL_OPTIONS} variable (one line,
     * as Rotor's templates write it). Lambda passes it to the JVM as an environment variable.
     */
    public static String templateJvmOptions(Path template) {
        try {
            for (String line : Files.readAllLines(template, StandardCharsets.UTF_8)) {
                String entry = line.strip();
                if (entry.startsWith("JAVA_TOOL_OPTIONS:")) {
                    return entry.substring("JAVA_TOOL_OPTIONS:".length()).strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No JAVA_TOOL_OPTIONS in " + template.toAbsolutePath());
    }

    /** Extracts the Lambda package into a new task root, as Lambda extracts it into /var/task. */
    public static Path extractPackage(Path into) throws IOException {
        Files.createDirectories(into);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(lambdaPackage()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("Entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }

    /** Copies compiled test classes (a test's own handler) into a task root, beside the package's classes. */
    public static void addClasses(Path taskRoot, Class<?>... classes) throws IOException {
        for (Class<?> type : classes) {
            String resource = type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("No class file for " + type.getName());
                }
                Path target = taskRoot.resolve(resource);
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Starts the runtime interface client in a new JVM.
     *
     * @param taskRoot the extracted package
     * @param handler the handler, as in the function's {@code Handler} setting
     * @param runtimeApi the Runtime API address ({@code host:port})
     * @param environment further variables (region, credentials, endpoints, log settings, the function's own); the
     *     JVM gets {@code template.yaml}'s {@code JAVA_TOOL_OPTIONS} unless they name their own
     * @param logs where to write the child's stdout and stderr
     */
    public static LambdaProcess start(Path taskRoot, String handler, String runtimeApi, Map<String, String> environment,
            Path logs) throws IOException {
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(runtimeClientDirectory())) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> classPath.add(jar.toString()));
        }
        if (classPath.isEmpty()) {
            throw new IOException("No runtime interface client jars in " + runtimeClientDirectory());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 22) {
            // The runtime client loads its native Runtime API client with System.load (JNI).
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), MAIN_CLASS, handler));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        Map<String, String> keep = new HashMap<>();
        for (String name : List.of("PATH", "TMPDIR")) {
            if (System.getenv(name) != null) {
                keep.put(name, System.getenv(name));
            }
        }
        env.clear();
        env.putAll(keep);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "rotor-it");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        // Lambda's locale and time zone, not this machine's: a locale without a country (LANG=C.UTF-8 is "en") makes
        // every String.format of a number load the JDK's locale data, which Lambda's en_US never does
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("JAVA_TOOL_OPTIONS", templateJvmOptions(Path.of("template.yaml"))); // the deployed function's flags
        env.putAll(environment);
        Files.createDirectories(logs);
        Path out = logs.resolve("stdout.log");
        Path err = logs.resolve("stderr.log");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).directory(taskRoot.toFile());
        return new LambdaProcess(builder.start(), out, err);
    }

    /** Everything the function wrote to stdout and stderr so far, line by line (stdout first). */
    public List<String> outputLines() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(stdout, StandardCharsets.UTF_8));
        lines.addAll(Files.readAllLines(stderr, StandardCharsets.UTF_8));
        return lines;
    }

    /** Both streams as one text, for assertion messages. */
    public String output() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's peak resident memory in kB (Linux only; -1 when unknown), read before it is stopped. */
    public long peakRssKb() {
        if (peakRssKb < 0) {
            peakRssKb = readPeakRss();
        }
        return peakRssKb;
    }

    /** The CPU time the child used so far, all threads, in ms (-1 when unknown); read it before it is stopped. */
    public long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    private long readPeakRss() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        peakRssKb();
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
