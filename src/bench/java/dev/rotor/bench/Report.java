package dev.rotor.bench;

import dev.rotor.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the figures of one run and renders them as Markdown, with the targets of issue 3 checked. */
final class Report {
    private static final double MIB = 1024.0 * 1024.0;

    private final StringBuilder machine = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final List<String> targets = new ArrayList<>();
    private double floorMedian = Double.NaN;
    private List<Double> floorMillis = List.of();
    private String loadBefore = "";

    void machine(String java, boolean smoke) {
        loadBefore = load();
        line(machine, "- Date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        line(machine, "- Mode: " + (smoke ? "smoke (2 repetitions; numbers are not meaningful)" : "full"));
        line(machine, "- CPUs: " + Runtime.getRuntime().availableProcessors() + "; memory: " + memTotal());
        line(machine, "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + " (" + java + ")");
        line(machine, "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        line(machine, "- Function JVM flags: `" + String.join(" ", Bench.FUNCTION_JVM) + "`, and the SAM template's"
                + " `JAVA_TOOL_OPTIONS=" + Fixture.templateJvmOptions() + "`");
        line(machine, "- Load average (1, 5, 15 min) at start: " + loadBefore);
    }

    void loadAfter() {
        line(machine, "- Load average at end: " + load());
    }

    void packageSize(Path file, long bytes) {
        if (file == null) {
            line(body, "\n## Package\n\nNo deployable package found (target/rotor-lambda.zip): the function ran from"
                    + " target/classes and the runtime dependencies.");
            targets.add("Deployable package < 20 MB: NOT MEASURED (no package)");
            return;
        }
        double mib = bytes / MIB;
        line(body, "\n## Package\n\n`" + file.getFileName() + "`: " + bytes + " bytes (" + fmt(mib, 2) + " MiB)."
                + " The cold runs use it, unpacked as Lambda unpacks it.");
        targets.add(check("Deployable package < 20 MB", mib < 20 * 1_000_000 / MIB, fmt(mib, 2) + " MiB"));
    }

    /** A jar added to the function's package for this run ({@code -Dbench.extraLib}); not in the package size. */
    void extraJar(String name, long bytes) {
        line(machine, "- Added to the function's lib/ for this run (not in the package size): " + name + ", "
                + fmt(bytes / MIB, 2) + " MiB");
    }

    void floor(List<ColdRun.Result> floor) {
        floorMillis = floor.stream().map(ColdRun.Result::millis).toList();
        Stats stats = Stats.of(floorMillis);
        floorMedian = stats.median();
        line(body, "\n## Floor\n\nA fresh JVM that builds a Secrets Manager client and makes one DescribeSecret"
                + " call over HTTPS, process start to the end of the call (ms): " + stats.format(0) + ". Floor and"
                + " cold steps reach the local Secrets Manager through an HTTPS front and trust the JDK's CA"
                + " certificates plus the front's CA; the warm measurements use its plain HTTP endpoint.");
        line(body, "\nMemory of the floor process: " + memory(floor) + ".");
    }

    void cold(String how, Map<Step, List<ColdRun.Result>> results) {
        line(body, "\n## Cold steps (" + how + ")\n\nA fresh JVM per step, process start to the end of the step;"
                + " ratio = median / floor median (paired = median of each step's ratio to the floor run of the same"
                + " round).\n");
        line(body, "| step | ms: median (IQR, range, n) | ratio | paired ratio | peak RSS MiB (max) | heap used MiB"
                + " | metaspace MiB | classes |");
        line(body, "|---|---|---|---|---|---|---|---|");
        double maxRss = 0;
        for (Map.Entry<Step, List<ColdRun.Result>> entry : results.entrySet()) {
            List<ColdRun.Result> list = entry.getValue();
            List<Double> millis = list.stream().map(ColdRun.Result::millis).toList();
            Stats stats = Stats.of(millis);
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < Math.min(millis.size(), floorMillis.size()); i++) {
                paired.add(millis.get(i) / floorMillis.get(i));
            }
            Stats rss = Stats.of(list.stream().map(r -> r.peakRssBytes() / MIB).toList());
            maxRss = Math.max(maxRss, rss.max());
            line(body, "| " + entry.getKey().wireName() + " | " + stats.format(0) + " | "
                    + fmt(stats.median() / floorMedian, 2) + " | " + fmt(Stats.of(paired).median(), 2) + " | "
                    + fmt(rss.median(), 1) + " (" + fmt(rss.max(), 1) + ") | "
                    + figure(list.stream().map(r -> r.heapUsed() / MIB).toList(), 1) + " | "
                    + figure(list.stream().map(r -> r.metaspaceUsed() / MIB).toList(), 1) + " | "
                    + figure(list.stream().map(r -> (double) r.classes()).toList(), 0) + " |");
            if (entry.getKey() == Step.CREATE_SECRET) {
                double ratio = stats.median() / floorMedian;
                targets.add(check("Cold createSecret (" + how + ") <= 1.25x the floor", ratio <= 1.25,
                        fmt(ratio, 2) + "x (" + fmt(stats.median(), 0) + " ms vs " + fmt(floorMedian, 0) + " ms)"));
            }
        }
        targets.add(check("Peak RSS of a step (" + how + ") <= 128 MiB", maxRss <= 128, "max " + fmt(maxRss, 1)
                + " MiB"));
    }

    void calls(String what, Map<String, Integer> calls) {
        int total = calls.values().stream().mapToInt(Integer::intValue).sum();
        line(body, "\n## Secrets Manager calls per rotation: " + what + "\n\nFrom the local Secrets Manager's"
                + " timeline (the RotateSecret that starts the rotation not counted): " + total + " in all.\n");
        line(body, "| operation | calls |");
        line(body, "|---|---|");
        calls.forEach((op, n) -> line(body, "| " + op + " | " + n + " |"));
        if (what.startsWith("PostgreSQL")) {
            targets.add(check("Secrets Manager calls per PostgreSQL single-user rotation <= 13 (" + what + ")",
                    total <= 13, total + " calls"));
        }
    }

    /**
     * A warm-process section; {@code label} names the compared variant ("" for the Rotor function as configured):
     * other settings, or another function.
     */
    void warmProcess(String label, List<Double> second, List<Double> later, Map<Step, List<Double>> byStep,
            List<Map<String, Long>> memory) {
        line(body, "\n## Warm rotation in a function process" + (label.isEmpty() ? "" : ": " + label
                + " (interleaved with the above)") + "\n\nOne long-lived function process per sample (as a"
                + " warm Lambda container): a first rotation, unmeasured, then the four steps of the next rotation,"
                + " summed handler time inside the process (ms): " + Stats.of(second).format(1) + ". Third to fifth"
                + " rotations: " + Stats.of(later).format(1) + ".");
        StringBuilder steps = new StringBuilder();
        byStep.forEach((step, millis) -> steps.append(steps.length() == 0 ? "" : "; ").append(step.wireName())
                .append(' ').append(Stats.of(millis).format(1)));
        line(body, "\nBy step, second to fifth rotations (ms): " + steps + ".");
        StringBuilder figures = new StringBuilder("\nPeak RSS of such a process after five rotations (MiB): ")
                .append(Stats.of(memory.stream().map(m -> m.getOrDefault("hwmKib", -1L) / 1024.0).toList())
                        .format(1));
        if (memory.stream().allMatch(m -> m.containsKey("heapUsed"))) {
            figures.append("; heap used: ").append(Stats.of(memory.stream().map(m -> m.get("heapUsed") / MIB)
                    .toList()).format(1)).append("; metaspace: ").append(Stats.of(memory.stream()
                    .map(m -> m.getOrDefault("metaspaceUsed", -1L) / MIB).toList()).format(1));
        }
        line(body, figures.append('.').toString());
    }

    /**
     * Where the second rotations' time went, from the kernel's scheduler figures of the function process: the
     * function's work on a core (its thread, and the threads it hands work to, such as pgjdbc's connection thread),
     * the function thread waiting for a core, and the rest of the handler time (waiting for Secrets Manager and the
     * database); beside it, the JVM's compiling and collecting.
     */
    void warmTimeSplit(List<WarmFunction.StepTime> second) {
        if (second.isEmpty() || second.stream().anyMatch(t -> t.threadOnCpu() < 0)) {
            return;
        }
        line(body, "\nWhere the second rotation's time went (medians, ms; the kernel's schedstat, the process's CPU"
                + " time, the JVM's compilation and collection times): the function's work on a core "
                + median(second, t -> t.threadOnCpu() + t.helpersOnCpu()) + " (of that, on helper threads such as"
                + " pgjdbc's connection thread " + median(second, WarmFunction.StepTime::helpersOnCpu)
                + "), the function thread waiting for a core "
                + median(second, WarmFunction.StepTime::threadWaiting) + ", the rest (waiting for the servers) "
                + median(second, t -> t.wall() - t.threadOnCpu() - t.helpersOnCpu() - t.threadWaiting())
                + "; meanwhile the JVM compiled and collected for "
                + median(second, WarmFunction.StepTime::jvmWork) + ".");
    }

    private static String median(List<WarmFunction.StepTime> sample,
            java.util.function.ToDoubleFunction<WarmFunction.StepTime> figure) {
        return fmt(Stats.of(sample.stream().map(figure::applyAsDouble).toList()).median(), 1);
    }

    /**
     * The warm target: Rotor's second rotation of a process against AWS's Python template's, both measured in this
     * run when {@code python} is not null, else against the figure quoted for the template (about 107 ms).
     */
    void warmTarget(List<Double> rotor, List<Double> python, String paired) {
        double median = Stats.of(rotor).median();
        if (python == null) {
            targets.add(check("Warm four-step rotation faster than AWS's Python template (quoted: about 107 ms; not"
                    + " run here, see -Dbench.pythonTemplate)", median < 107, fmt(median, 1)
                    + " ms (second rotation of a process)"));
            return;
        }
        double theirs = Stats.of(python).median();
        targets.add(check("Warm four-step rotation faster than AWS's Python template, side by side", median < theirs,
                fmt(median, 1) + " ms against " + fmt(theirs, 1) + " ms (second rotation of a process, medians, "
                        + "interleaved in this run; " + paired + ")"));
    }

    /**
     * The warm processes of the function as configured against those of another variant, pair by pair: each
     * process of the first was followed by one of the second, so a pair shares the machine's state at the time.
     * For the second rotation, and for the median of each process's later rotations: the ratio of each pair, a
     * distribution-free interval for its median and a sign test. Returns the second rotation's summary, which the
     * warm target quotes.
     */
    String warmPairs(String other, List<Double> second, List<Double> otherSecond, List<Double> later,
            List<Double> otherLater) {
        Paired rotation = Paired.of(second, otherSecond);
        Paired afterwards = Paired.of(later, otherLater);
        line(body, "\n## Warm rotation pair by pair: " + other + "\n\nEach process of the function as configured"
                + " was followed by one of " + other + "; the ratio is the first's time over the second's, pair by"
                + " pair, and its median lies in the interval given with the probability given (order statistics:"
                + " no assumption about the distribution).\n");
        line(body, "- Second rotation: " + rotation.describe());
        line(body, "- Third to fifth rotations (the median of each process's three): " + afterwards.describe());
        return "paired: ratio " + fmt(rotation.ratios.median(), 2) + ", " + rotation.intervalText() + ", faster in "
                + rotation.faster + " of " + rotation.ratios.n() + " pairs";
    }

    /** Pairs of figures, the first of each measured just before the second. */
    private record Paired(Stats ratios, Stats.MedianInterval interval, int faster) {
        static Paired of(List<Double> first, List<Double> second) {
            List<Double> ratios = new ArrayList<>();
            int faster = 0;
            for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
                ratios.add(first.get(i) / second.get(i));
                faster += first.get(i) < second.get(i) ? 1 : 0;
            }
            return new Paired(Stats.of(ratios), Stats.medianInterval(ratios), faster);
        }

        String intervalText() {
            return fmt(interval.coverage() * 100, 1) + " % interval " + fmt(interval.low(), 2) + "–"
                    + fmt(interval.high(), 2);
        }

        String describe() {
            String verdict = !interval.conclusive() ? "too few pairs for a 95 % interval"
                    : interval.below(1) ? "faster, beyond this run's noise"
                    : interval.above(1) ? "slower, beyond this run's noise"
                    : "not told apart by this run (the interval holds 1)";
            return "ratio " + ratios.format(2) + "; " + intervalText() + "; faster in " + faster + " of " + ratios.n()
                    + " pairs (sign test, two-sided: p = " + fmt(Stats.signTest(faster, ratios.n()), 3) + "): "
                    + verdict + ".";
        }
    }

    void jmh(String title, String description, String figures) {
        line(body, "\n## " + title + "\n\n" + description + "\n\n" + figures);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# Rotor benchmark report\n\n");
        out.append(machine);
        out.append("\n## Targets\n\n");
        targets.forEach(t -> out.append("- ").append(t).append('\n'));
        out.append(body);
        return out.toString();
    }

    private static String memory(List<ColdRun.Result> results) {
        return "peak RSS " + fmt(Stats.of(results.stream().map(r -> r.peakRssBytes() / MIB).toList()).median(), 1)
                + " MiB, heap used " + fmt(Stats.of(results.stream().map(r -> r.heapUsed() / MIB).toList())
                        .median(), 1) + " MiB, metaspace " + fmt(Stats.of(results.stream()
                        .map(r -> r.metaspaceUsed() / MIB).toList()).median(), 1) + " MiB, "
                + fmt(Stats.of(results.stream().map(r -> (double) r.classes()).toList()).median(), 0)
                + " classes (medians)";
    }

    /** The median, or "n/a" when the child could not report the figure (negative). */
    private static String figure(List<Double> values, int decimals) {
        double median = Stats.of(values).median();
        return median < 0 ? "n/a" : fmt(median, decimals);
    }

    private static String check(String target, boolean met, String measured) {
        return target + ": " + (met ? "met" : "NOT met") + ", " + measured;
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8).get(0)
                    .replace("MemTotal:", "").strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
