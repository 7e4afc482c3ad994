package dev.rotor.bench.child;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's scheduler figures of this process, from {@code /proc} (nanoseconds): how long the calling thread ran
 * on a core and how long it waited, runnable, for one; how long the process's other threads ran that work for the
 * function (pgjdbc's connection threads, for one, which may have ended since: the process's CPU time less the
 * rest); and how long the JVM's own threads ran (the compiler and the collector). The Python driver of the
 * benchmark reads the same figures (its process's CPU time less its thread's), so both sides are measured alike.
 * All -1 where {@code /proc} has no such figures (not Linux).
 */
record SchedStat(long threadOnCpu, long threadWaiting, long helpersOnCpu, long jvmOnCpu) {
    /** The names ({@code /proc/.../comm}, 15 characters at most) of the threads the JVM itself runs. */
    private static final String[] JVM_THREADS = {"C1 CompilerThre", "C2 CompilerThre", "VM Thread", "GC Thread",
        "G1 ", "VM Periodic Tas", "Sweeper thread", "Service Thread", "Monitor Deflati", "Signal Dispatch",
        "Reference Handl", "Finalizer", "JFR ", "Notification Th"};

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();

    static SchedStat now() {
        try {
            long process = OS.getProcessCpuTime();
            String self = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII);
            String selfId = self.substring(0, self.indexOf(' '));
            long[] thread = figures(Path.of("/proc/thread-self"));
            long jvm = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    if (task.getFileName().toString().equals(selfId)) {
                        continue;
                    }
                    try {
                        if (isJvmThread(Files.readString(task.resolve("comm"), StandardCharsets.UTF_8))) {
                            jvm += figures(task)[0];
                        }
                    } catch (IOException ended) {
                        // a thread that ended meanwhile
                    }
                }
            }
            return new SchedStat(thread[0], thread[1], process - thread[0] - jvm, jvm);
        } catch (IOException | RuntimeException e) {
            return new SchedStat(-1, -1, -1, -1);
        }
    }

    /** The figures from {@code before} to this, as {@code threadOnCpu threadWaiting helpersOnCpu jvmOnCpu}. */
    String since(SchedStat before) {
        return (threadOnCpu - before.threadOnCpu) + " " + (threadWaiting - before.threadWaiting) + " "
                + (helpersOnCpu - before.helpersOnCpu) + " " + (jvmOnCpu - before.jvmOnCpu);
    }

    private static boolean isJvmThread(String comm) {
        for (String name : JVM_THREADS) {
            if (comm.startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    /** On a core and waiting for one, of the task in {@code dir}. */
    private static long[] figures(Path dir) throws IOException {
        String[] fields = Files.readString(dir.resolve("schedstat"), StandardCharsets.US_ASCII).strip().split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }
}
