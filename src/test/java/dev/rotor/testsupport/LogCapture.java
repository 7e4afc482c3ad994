package dev.rotor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures everything written to {@code System.err} and {@code System.out} while it is open: slf4j-simple (the test
 * logging backend) writes every logger's output to the current {@code System.err} at each call, so this sees all
 * log output, and a test can prove that no secret reached a log line. Anything else a test wants checked (exception
 * messages and stack traces, {@code toString()}s) is added with {@link #add}. Not for parallel tests.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     changer.apply(context);
 *     logs.assertContainsNone("password", List.of(password));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final StringBuilder extra = new StringBuilder();
    private final boolean echo;

    private LogCapture(boolean echo) {
        this.echo = echo;
        LoggerFactory.getILoggerFactory(); // initialise logging before the streams are swapped
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
    }

    /** Captures the output and prints it on {@link #close()}, so the test's log stays readable. */
    public static LogCapture start() {
        return new LogCapture(true);
    }

    /** Captures the output and never prints it (for tests that log a lot on purpose, such as at TRACE). */
    public static LogCapture quiet() {
        return new LogCapture(false);
    }

    /** Adds text to check, for example a {@code toString()} or an exception message. */
    public LogCapture add(Object text) {
        extra.append(text).append('\n');
        return this;
    }

    /** Adds an exception's full stack trace, with every cause's message. */
    public LogCapture add(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        extra.append(trace).append('\n');
        return this;
    }

    /** Everything captured so far, and everything added. */
    public String text() {
        System.err.flush();
        System.out.flush();
        return buffer.toString(StandardCharsets.UTF_8) + extra;
    }

    /** Fails, naming the kind of value but not the value, when any of the values appears in the captured text. */
    public void assertContainsNone(String kind, List<String> values) {
        String text = text();
        for (String value : values) {
            assertThat(value).as("a %s to look for", kind).isNotBlank();
            if (text.contains(value)) {
                int at = text.indexOf(value);
                int lineStart = text.lastIndexOf('\n', at) + 1;
                throw new AssertionError("A " + kind + " appears in the captured output, in a line starting with: "
                        + text.substring(lineStart, Math.min(at, lineStart + 80)));
            }
        }
    }

    /** {@link #assertContainsNone(String, List)} for secrets. */
    public void assertContainsNone(String... secrets) {
        assertContainsNone("secret", List.of(secrets));
    }

    /** No secret in the message of the throwable, its causes or its suppressed exceptions. */
    public static void assertNoSecret(Throwable e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                if (String.valueOf(t.getMessage()).contains(secret)) {
                    throw new AssertionError("A secret appears in the message of a " + t.getClass().getName());
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                assertNoSecret(suppressed, secrets);
            }
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        System.setOut(originalOut);
        if (echo) {
            originalErr.print(buffer.toString(StandardCharsets.UTF_8));
        }
    }
}
