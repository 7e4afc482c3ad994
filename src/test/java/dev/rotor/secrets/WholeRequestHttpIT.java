package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotor's HTTP client ({@link SecretsManagerClients#httpClientBuilder()}) through the real SDK against a bare HTTP
 * server on a socket, which sees the requests byte for byte: requests with their length (not chunked), kept-alive
 * connections reused, a connection the server closed without saying so, and the read timeout. That no request is
 * streamed, and so none waits for the JDK's 1 ms probe, is {@code WholeRequestConnectionTest}'s; what it saves is
 * the benchmark's.
 */
@Timeout(60)
class WholeRequestHttpIT {
    private static final String SECRET = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf\","
            + "\"Name\":\"s\",\"SecretString\":\"v\",\"VersionId\":\"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\","
            + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";

    private BareServer server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private SecretsManagerClient client(Duration socketTimeout) {
        return SecretsManagerClient.builder()
                .httpClientBuilder(SecretsManagerClients.httpClientBuilder(socketTimeout))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                        "example-secret")))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void sendsEachRequestWithItsLengthOnOneKeptAliveConnection() throws Exception {
        server = new BareServer(false, true);
        String large = "x".repeat(60_000); // near Secrets Manager's 64 KB limit for a secret value
        try (SecretsManagerClient client = client(null)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.getSecretValue(request -> request.secretId("s")).secretString()).isEqualTo("v");
            }
            client.putSecretValue(request -> request.secretId("s").secretString(large)
                    .clientRequestToken("a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"));
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(4);
        for (Request request : server.requests) {
            assertThat(request.header("transfer-encoding")).isNull();
            assertThat(request.header("content-length")).isEqualTo(Integer.toString(request.body.length));
        }
        assertThat(new String(server.requests.get(3).body, StandardCharsets.UTF_8)).contains(large);
    }

    @Test
    void aConnectionTheServerClosedWithoutSayingSoIsReplacedWithoutAnSdkRetry() throws Exception {
        server = new BareServer(true, true);
        try (SecretsManagerClient client = client(null)) {
            for (int i = 0; i < 4; i++) {
                assertThat(client.getSecretValue(request -> request.secretId("s")).secretString()).isEqualTo("v");
            }
        }
        assertThat(server.requests).hasSize(4);
        assertThat(server.connections.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aServerThatDoesNotAnswerMeetsTheReadTimeout() throws Exception {
        server = new BareServer(false, false);
        try (SecretsManagerClient client = client(Duration.ofMillis(500))) {
            assertThatThrownBy(() -> client.getSecretValue(request -> request.secretId("s")))
                    .isInstanceOf(SdkClientException.class).hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
    }

    private record Request(List<String> headers, byte[] body) {
        String header(String name) {
            for (String line : headers) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** HTTP/1.1 on a socket: keeps connections alive (or closes each after its answer, unannounced), or is mute. */
    private static final class BareServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocket socket;
        private final boolean closeAfterEach;
        private final boolean answer;
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

        BareServer(boolean closeAfterEach, boolean answer) throws IOException {
            this.closeAfterEach = closeAfterEach;
            this.answer = answer;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "bare-http-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    open.add(connection);
                    Thread serving = new Thread(() -> serve(connection), "bare-http-connection");
                    serving.setDaemon(true);
                    serving.start();
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    List<String> headers = readHeaders(in);
                    if (headers == null) {
                        return;
                    }
                    String length = new Request(headers, new byte[0]).header("content-length");
                    byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                    requests.add(new Request(headers, body));
                    if (!answer) {
                        in.read(); // until the client gives up and closes
                        return;
                    }
                    byte[] reply = SECRET.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: "
                            + "r-" + requests.size() + "\r\nContent-Length: " + reply.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(reply);
                    out.flush();
                    if (closeAfterEach) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** The request line and headers, or null at the end of the connection. */
        private static List<String> readHeaders(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            int b;
            while ((b = in.read()) != -1) {
                if (previous == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
                    if (text.isEmpty()) {
                        return lines;
                    }
                    lines.add(text);
                    line.reset();
                } else {
                    line.write(b);
                }
                previous = b;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket connection : open) {
                    connection.close();
                }
            }
        }
    }
}
