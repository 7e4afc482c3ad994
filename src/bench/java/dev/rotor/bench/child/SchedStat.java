package dev.rotor.bench.child;

import com.sun.management.OperatingSystemMXBean;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a step's time went, in nanoseconds: how long the calling thread ran on a core and how long it waited,
 * runnable, for one (the kernel's {@code /proc/thread-self/schedstat}); how long the JVM compiled and collected
 * (its management beans, to the millisecond); and how long the process's other threads ran, which work for the
 * function (pgjdbc's connection threads, for one, which may have ended since): the process's CPU time less the
 * rest. The Python driver of the benchmark reads the same kernel figure and its process's CPU time, so both sides
 * are measured alike. Cheap on purpose (one small file read, no directory listing): the function process's compiler
 * would otherwise be busy with the measuring code. All -1 where the kernel has no such figures (not Linux).
 */
record SchedStat(long threadOnCpu, long threadWaiting, long helpersOnCpu, long jvmWork) {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();
    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final long MILLIS = 1_000_000;

    static SchedStat now() {
        try (FileInputStream in = new FileInputStream("/proc/thread-self/schedstat")) {
            String[] fields = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip().split(" ");
            long onCpu = Long.parseLong(fields[0]);
            long jvm = COMPILER.getTotalCompilationTime() * MILLIS;
            for (GarbageCollectorMXBean collector : COLLECTORS) {
                jvm += collector.getCollectionTime() * MILLIS;
            }
            return new SchedStat(onCpu, Long.parseLong(fields[1]), OS.getProcessCpuTime() - onCpu - jvm, jvm);
        } catch (IOException | RuntimeException e) {
            return new SchedStat(-1, -1, -1, -1);
        }
    }

    /** The figures from {@code before} to this, as {@code threadOnCpu threadWaiting helpersOnCpu jvmWork}. */
    String since(SchedStat before) {
        return (threadOnCpu - before.threadOnCpu) + " " + (threadWaiting - before.threadWaiting) + " "
                + (helpersOnCpu - before.helpersOnCpu) + " " + (jvmWork - before.jvmWork);
    }
}
