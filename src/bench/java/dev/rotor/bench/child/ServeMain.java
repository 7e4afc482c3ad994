package dev.rotor.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A function process that stays up, as a warm Lambda container does: builds the handler named by the first
 * argument once, then runs one event per line of standard input and answers each with
 * {@code ROTOR-BENCH-STEP <nanoseconds> ok|failed <thread on CPU> <thread waiting for a core> <helper threads on
 * CPU> <JVM compiling and collecting>} (nanoseconds, {@link SchedStat}). At the end of its input it prints its
 * memory figures.
 *
 * <p>With {@code -Dbench.profileDir=<dir>} it records a JFR method profile (1 ms samples) of every event after the
 * first rotation's four, written to that directory at the end: the warm rotations without the cold one.
 */
public final class ServeMain {
    /** The prefix of the line answering each event. */
    public static final String STEP = "ROTOR-BENCH-STEP";

    private ServeMain() {
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String profileDir = System.getProperty("bench.profileDir");
        Recording recording = null;
        int count = 0;
        String event;
        while ((event = events.readLine()) != null) {
            if (profileDir != null && count++ == 4) {
                recording = profile();
            }
            SchedStat before = SchedStat.now();
            long start = System.nanoTime();
            String outcome = "ok";
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), null);
            } catch (RuntimeException e) {
                outcome = "failed";
            }
            long nanos = System.nanoTime() - start;
            System.out.println(STEP + " " + nanos + " " + outcome + " " + SchedStat.now().since(before));
            System.out.flush();
        }
        if (recording != null) {
            recording.dump(Path.of(profileDir, "serve-" + ProcessHandle.current().pid() + ".jfr"));
            recording.close();
        }
        ChildReport.end();
    }

    private static Recording profile() throws IOException {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            for (String blocking : new String[] {"jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
                    "jdk.FileRead", "jdk.ThreadSleep", "jdk.SafepointBegin", "jdk.GCPhasePause"}) {
                recording.enable(blocking).withThreshold(Duration.ZERO).withStackTrace();
            }
            recording.start();
            return recording;
        } catch (ParseException e) {
            throw new IOException("The JDK's JFR profile settings do not parse", e);
        }
    }
}
