package dev.rotor.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * One rotation step in a fresh JVM, the handler invoked directly: builds the ready-made handler named by the first
 * argument with its no-argument constructor (configured from the environment, as in Lambda) and passes it the event
 * read from standard input. Exit status 1 when the step fails.
 */
public final class StepMain {
    private StepMain() {
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        RequestStreamHandler handler;
        try {
            handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The handler's constructor failed", e.getCause());
        }
        try {
            handler.handleRequest(System.in, new ByteArrayOutputStream(), null);
        } catch (RuntimeException e) {
            System.err.println("ROTOR-BENCH-FAILED " + e.getClass().getName());
            System.exit(1);
        }
        ChildReport.end();
    }
}
