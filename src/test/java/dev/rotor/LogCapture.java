package dev.rotor;

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
 * logging backend) writes every logger's output to {@code System.err} at each call, so this sees all log output.
 * Anything else a test wants checked (exception messages and stack traces, {@code toString()}s) is added with
 * {@link #add}. Not for parallel tests.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final StringBuilder extra = new StringBuilder();

    LogCapture() {
        LoggerFactory.getILoggerFactory(); // initialise logging before the streams are swapped
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
    }

    /** Adds text to check, for example a {@code toString()} or an exception message. */
    LogCapture add(Object text) {
        extra.append(text).append('\n');
        return this;
    }

    /** Adds an exception's full stack trace, with every cause's message. */
    LogCapture add(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        extra.append(trace).append('\n');
        return this;
    }

    /** Everything captured so far. */
    String text() {
        System.err.flush();
        return buffer.toString(StandardCharsets.UTF_8) + extra;
    }

    /** Fails, naming the kind of value but not the value, when any of the values appears in the captured text. */
    void assertContainsNone(String kind, List<String> values) {
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

    @Override
    public void close() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }
}
