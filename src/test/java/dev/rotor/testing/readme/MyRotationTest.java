// The README's "Testing your rotation function" example: ReadmeExampleTest keeps the two identical.
package dev.rotor.testing.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.secrets.Secret;
import dev.rotor.testing.ConformanceCheck;
import dev.rotor.testing.ConformanceCheck.Strategy;
import dev.rotor.testing.LocalSecretsManager;
import dev.rotor.testing.LocalSecretsManagerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSecretsManagerExtension.class)
class MyRotationTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:my-rotation";
    private static final String SECRET = "{\"username\":\"app\",\"password\":\"initial-password\"}";

    @Test
    void rotatesThePassword(LocalSecretsManager local) {
        Accounts accounts = new Accounts(Map.of("app", "initial-password"));    // stands in for your service
        local.register(FUNCTION, new MyServiceHandler(accounts, local.client()));
        String arn = local.createSecret("app/db", SECRET);

        local.client().rotateSecret(b -> b.secretId(arn).rotationLambdaARN(FUNCTION));

        assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isTrue();
        Secret current = Secret.parse(local.client().getSecretValue(b -> b.secretId(arn)).secretString());
        assertThat(accounts.logsIn(current)).isTrue();
        assertThat(accounts.logsIn("app", "initial-password")).isFalse();
    }

    @Test
    void keepsTheRotationContract() {
        Accounts accounts = new Accounts(Map.of("app", "initial-password"));
        ConformanceCheck.of(client -> new MyServiceHandler(accounts, client), accounts::logsIn, Strategy.SINGLE_USER)
                .secret(SECRET)
                .run()
                .assertPassed();
    }
}
