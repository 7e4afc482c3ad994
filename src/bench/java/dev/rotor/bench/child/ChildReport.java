package dev.rotor.bench.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a measured child process prints once its work is done: first the end marker (the parent takes its clock
 * reading when it reads that line), then its peak RSS, read before anything else is loaded, then heap and
 * metaspace from the JVM's memory beans, the number of classes loaded, the process's CPU time (all threads, in
 * clock ticks) and the main thread's (to the microsecond: the step's own work, without the JIT compiler's).
 */
public final class ChildReport {
    /** The line a child prints at the end of the measured work. */
    public static final String END = "ROTOR-BENCH-END";
    /** The prefix of the memory line that follows. */
    public static final String MEMORY = "ROTOR-BENCH-MEMORY";

    private ChildReport() {
    }

    /** Prints the end marker and the memory line to standard output, and flushes it. */
    public static void end() {
        System.out.println(END);
        System.out.flush();
        long hwm = statusKib("VmHWM:");
        long cpu = cpuMillis();
        long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long metaspaceUsed = -1;
        long metaspaceCommitted = -1;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                metaspaceUsed = pool.getUsage().getUsed();
                metaspaceCommitted = pool.getUsage().getCommitted();
            }
        }
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(MEMORY + " hwmKib=" + hwm + " heapUsed=" + heap.getUsed() + " heapCommitted="
                + heap.getCommitted() + " metaspaceUsed=" + metaspaceUsed + " metaspaceCommitted="
                + metaspaceCommitted + " classes=" + classes + " cpuMs=" + cpu
                + " mainCpuMicros=" + mainCpu);
        System.out.flush();
    }

    /**
     * The CPU time this process used so far, all threads (JIT compiler and collector included), in ms; -1 where
     * unknown. Less disturbed by other work on the machine than wall time.
     */
    static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    /** A {@code /proc/self/status} figure in KiB, or -1 where there is none (not Linux). */
    static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
