package dev.rotor.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.RotationEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny handler for the Lambda-runtime tests: it reads the event with Rotor's own parser, logs at every level
 * (one message spanning lines, one with a stack trace), and answers with the step and a digest of the
 * RotationToken, so that a test can tell the token arrived intact without the token ever being printed. Runs inside
 * the packaged function's task root, so it may only use what the Lambda package contains.
 */
public final class EchoHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EchoHandler.class);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RotationEvent event = RotationEvent.read(input);
        LOG.trace("trace line for {}", event.step());
        LOG.debug("debug line for {}", event.step());
        LOG.info("info line for {} of {}", event.step(), event.secretId());
        LOG.warn("warn line\nspanning\r\nthree lines");
        LOG.error("error line with a stack trace", new IllegalStateException("outer", new IOException("inner")));
        if (event.secretId().endsWith("fail")) {
            throw new IllegalStateException("failing as asked (request " + context.getAwsRequestId() + ")");
        }
        String answer = "{\"step\":\"" + event.step().wireName() + "\",\"requestId\":\"" + context.getAwsRequestId()
                + "\",\"rotationTokenSha256\":\"" + sha256(event.rotationToken()) + "\"}";
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(String value) {
        if (value == null) {
            return "absent";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
