package dev.rotor.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A function process that stays up, as a warm Lambda container does: builds the handler named by the first
 * argument once, then runs one event per line of standard input and answers each with
 * {@code ROTOR-BENCH-STEP <nanoseconds> ok|failed}. At the end of its input it prints its memory figures.
 */
public final class ServeMain {
    /** The prefix of the line answering each event. */
    public static final String STEP = "ROTOR-BENCH-STEP";

    private ServeMain() {
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String event;
        while ((event = events.readLine()) != null) {
            long start = System.nanoTime();
            String outcome = "ok";
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), null);
            } catch (RuntimeException e) {
                outcome = "failed";
            }
            System.out.println(STEP + " " + (System.nanoTime() - start) + " " + outcome);
            System.out.flush();
        }
        ChildReport.end();
    }
}
