package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.SecretsManagerClients;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.RotationRun;
import dev.rotor.testing.Timeline;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link RotationHandler#prime()}: safe before a snapshot, and the handler works as usual afterwards. */
class PrimingTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:primed";

    private static RotorConfig config(URI endpoint) {
        return new RotorConfig(Optional.of("us-east-1"), Optional.of(endpoint), PasswordPolicy.DEFAULT,
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(300),
                RotorConfig.PasswordSource.LOCAL);
    }

    @Test
    void primingOpensNoConnectionAndNeitherCallsTheChangerNorGeneratesAPassword() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket connection = endpoint.accept();
                        accepted.incrementAndGet();
                        connection.close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RotorConfig config = config(URI.create("http://127.0.0.1:" + endpoint.getLocalPort()));
            TestChanger changer = new TestChanger("old");
            RotationHandler handler = new RotationHandler(changer, SecretsManagerClients.create(config), config) {
            };

            handler.prime();

            assertThat(accepted).hasValue(0);
            assertThat(changer.calls).isEmpty();
            assertThat(changer.targetPassword).isEqualTo("old");
        }
    }

    @Test
    void primingCallsNothingOnTheServiceAndAPrimedHandlerRotates() {
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            String arn = local.createSecret("app/primed", "{\"username\":\"app\",\"password\":\"old\"}");
            TestChanger changer = new TestChanger("old");
            RotationHandler handler = new RotationHandler(changer, local.client(), config(local.endpoint())) {
            };
            local.timeline().clear();

            handler.prime();

            assertThat(local.timeline().entries(Timeline.Kind.API_CALL)).isEmpty();
            assertThat(local.engine().versionIds(arn)).hasSize(1);
            local.register(FUNCTION, handler);
            local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));
            RotationRun run = local.simulator().lastRun().orElseThrow();
            assertThat(run.succeeded()).isTrue();
            assertThat(changer.calls).containsExactly("createPending", "apply", "verify", "afterFinish");
        }
    }
}
