package dev.rotor.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.RotationException;
import dev.rotor.testing.LocalLambdaContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The process in which {@code rotor rotate} runs a rotation function, like a Lambda execution environment: the
 * handler is instantiated once with its no-argument constructor, in an environment that points it at the local
 * Secrets Manager, and invoked once per step.
 *
 * <p>Protocol, one line each way: the parent writes an event as one line of JSON on stdin; the host answers
 * {@code OK} or {@code ERR <what failed>} on its stdout. After the handler is built it writes {@code READY} (or
 * {@code ERR ...}). Anything the handler prints goes to stderr. {@code ERR} lines name the exception class, plus the
 * message only of Rotor's own exceptions, which never contain a secret value.
 *
 * <p>Arguments: the handler class, the function ARN, the timeout in milliseconds.
 */
final class HandlerHost {
    static final String READY = "READY";
    static final String OK = "OK";
    static final String ERR = "ERR ";

    private HandlerHost() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        RequestStreamHandler handler;
        try {
            handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException target
                    && target.getCause() != null ? target.getCause() : e;
            protocol.println(ERR + "the constructor of " + args[0] + " failed: " + describe(cause));
            return;
        }
        protocol.println(READY);
        String functionArn = args[1];
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
                handler.handleRequest(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), new LocalLambdaContext(functionArn, timeout));
                protocol.println(OK);
            } catch (Exception | LinkageError | AssertionError e) {
                protocol.println(ERR + describe(e));
            }
        }
    }

    static String describe(Throwable e) {
        String text = e instanceof RotationException ? e.getClass().getName() + ": " + e.getMessage()
                : e.getClass().getName();
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
