package dev.rotor.testing.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.TestRotationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MyChangerStepTest {
    private static final String CURRENT = "{\"username\":\"app\",\"password\":\"initial-password\",\"team\":\"a\"}";
    private static final String PENDING = "{\"username\":\"app\",\"password\":\"new-password\",\"team\":\"a\"}";

    private final Accounts accounts = new Accounts(Map.of("app", "initial-password"));
    private final MyServiceChanger changer = new MyServiceChanger(accounts);

    @Test
    void createSecretReplacesOnlyThePassword() {
        TestRotationContext context = TestRotationContext.builder(Step.CREATE_SECRET).current(CURRENT).build();

        Secret pending = changer.createPending(context);

        assertThat(pending.requireSecret("password").reveal()).hasSize(32).isNotEqualTo("initial-password");
        assertThat(pending.requireString("team")).isEqualTo("a");
    }

    @Test
    void setSecretChangesThePasswordAndARetryIsHarmless() {
        TestRotationContext context = TestRotationContext.builder(Step.SET_SECRET)
                .current(CURRENT)
                .pending(PENDING)
                .build();

        changer.apply(context);
        changer.apply(context);                                  // Secrets Manager may run a step again

        assertThat(accounts.logsIn("app", "new-password")).isTrue();
        assertThat(context.reads()).containsExactly("AWSPENDING", "AWSCURRENT");   // each read once
    }

    @Test
    void setSecretRefusesWhenTheCurrentPasswordNoLongerWorks() {
        TestRotationContext context = TestRotationContext.builder(Step.SET_SECRET)
                .current(CURRENT.replace("initial-password", "stale-password"))
                .pending(PENDING)
                .build();

        assertThatThrownBy(() -> changer.apply(context))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.LOGIN_FAILED))
                .hasMessageNotContaining("stale-password");
        assertThat(accounts.logsIn("app", "initial-password")).isTrue();
    }

    @Test
    void setSecretWithoutAPendingValueFails() {
        TestRotationContext context = TestRotationContext.builder(Step.SET_SECRET).current(CURRENT).build();

        assertThatThrownBy(() -> changer.apply(context)).satisfies(e -> assertThat(
                ((RotationException) e).errorCode()).isEqualTo(ErrorCode.PENDING_VERSION_MISSING));
    }
}
