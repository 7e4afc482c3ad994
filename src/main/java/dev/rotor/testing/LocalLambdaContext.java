package dev.rotor.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} the simulator passes to a function: {@link #getRemainingTimeInMillis()} counts down
 * from the configured timeout, and the logger writes to SLF4J.
 */
public final class LocalLambdaContext implements Context {
    private static final Logger LOG = LoggerFactory.getLogger("dev.rotor.testing.lambda");

    private final String functionArn;
    private final long deadlineNanos;
    private final String requestId = UUID.randomUUID().toString();

    /** A context for one invocation of the function, with the given time limit starting now. */
    public LocalLambdaContext(String functionArn, Duration timeout) {
        this.functionArn = functionArn;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + getFunctionName();
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        int colon = functionArn.lastIndexOf(":function:");
        return colon < 0 ? functionArn : functionArn.substring(colon + ":function:".length());
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long left = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                LOG.info("{}", message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String toString() {
        return "LocalLambdaContext{" + functionArn + ", remaining=" + getRemainingTimeInMillis() + "ms}";
    }
}
