package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import dev.rotor.testing.ConformanceCheck.Strategy;
import org.junit.jupiter.api.Test;

class ConformanceCheckTest {
    private static final String INITIAL = "{\"username\":\"app\",\"password\":\"initial-password-1\",\"host\":\"db\"}";

    private final FakeTarget target = new FakeTarget();

    ConformanceCheckTest() {
        target.createUser("app", "initial-password-1");
    }

    private ConformanceReport check(CredentialChanger changer, Strategy strategy) {
        return ConformanceCheck.of(client -> new SampleHandler(changer, client), target::logsIn, strategy)
                .secret(INITIAL).run();
    }

    private ConformanceReport checkHandWritten(HandWrittenFunction.Flaw flaw) {
        return ConformanceCheck.of(client -> new HandWrittenFunction(client, target, flaw), target::logsIn,
                Strategy.SINGLE_USER).secret(INITIAL).echoLogs(flaw != HandWrittenFunction.Flaw.LOGS_PASSWORD).run();
    }

    @Test
    void aCorrectSingleUserChangerPasses() {
        ConformanceReport report = check(new SampleChanger(target), Strategy.SINGLE_USER);

        report.assertPassed();
        assertThat(report.scenarios()).hasSizeGreaterThan(20)
                .contains("plain rotation", "setSecret fails after its side effect", "createSecret invoked twice",
                        "test-only rotation (RotateImmediately=false)", "a storm of throttling",
                        "AWSCURRENT written by someone else after createSecret");
    }

    @Test
    void aCorrectHandWrittenFunctionPasses() {
        checkHandWritten(HandWrittenFunction.Flaw.NONE).assertPassed();
    }

    @Test
    void aDualPasswordChangerPassesWithNoWindow() {
        check(new SampleChanger(target, true), Strategy.DUAL_PASSWORD).assertPassed();
    }

    @Test
    void aSingleUserChangerFailsTheDualPasswordPromise() {
        ConformanceReport report = check(new SampleChanger(target), Strategy.DUAL_PASSWORD);

        assertThat(report.passed()).isFalse();
        assertThat(report.failedInvariants()).contains("AWSCURRENT logs in");
    }

    @Test
    void anAlternatingUsersChangerPasses() {
        check(new AlternatingChanger(target), Strategy.ALTERNATING_USERS).assertPassed();
    }

    @Test
    void anAlternatingChangerThatBreaksTheReplacedUserFails() {
        CredentialChanger breaksOldUser = new AlternatingChanger(target) {
            @Override
            public void apply(RotationContext context) {
                super.apply(context);
                target.setPassword(context.current().requireString("username"), "revoked-password", false);
            }
        };

        ConformanceReport report = check(breaksOldUser, Strategy.ALTERNATING_USERS);

        assertThat(report.failedInvariants()).contains("AWSCURRENT logs in", "AWSPREVIOUS logs in");
    }

    @Test
    void aSetSecretThatIsNotIdempotentFails() {
        CredentialChanger notIdempotent = new SampleChanger(target) {
            @Override
            public void apply(RotationContext context) {
                target.requireLogin(context.current(), "the current password"); // no "pending already works" check
                Secret pending = context.pending();
                target.setPassword(pending.requireString("username"), pending.requireSecret("password").reveal(),
                        false);
            }
        };

        ConformanceReport report = check(notIdempotent, Strategy.SINGLE_USER);

        assertThat(report.passed()).isFalse();
        assertThat(report.failedInvariants()).contains("rotation completes", "AWSCURRENT logs in");
        assertThat(report.violations()).anySatisfy(v -> assertThat(v.scenario())
                .isEqualTo("setSecret fails after its side effect"));
        assertThatThrownBy(report::assertPassed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("rotation completes");
    }

    @Test
    void aFunctionThatRegeneratesThePendingValueOnARetryFails() {
        ConformanceReport report = checkHandWritten(HandWrittenFunction.Flaw.REGENERATES_PENDING);

        assertThat(report.passed()).isFalse();
        assertThat(report.failedInvariants()).contains("rotation completes");
        assertThat(report.violations()).anySatisfy(v -> assertThat(v.scenario())
                .isEqualTo("createSecret fails after its side effect"));
    }

    @Test
    void aFunctionThatMovesAwsCurrentItselfFails() {
        ConformanceReport report = checkHandWritten(HandWrittenFunction.Flaw.MOVES_CURRENT);

        assertThat(report.passed()).isFalse();
        assertThat(report.failedInvariants()).contains("AWSCURRENT moves only in finishSecret",
                "AWSCURRENT logs in");
    }

    @Test
    void aFunctionThatLogsThePasswordFails() {
        ConformanceReport report = checkHandWritten(HandWrittenFunction.Flaw.LOGS_PASSWORD);

        assertThat(report.failedInvariants()).containsExactly("no secret material in logs");
        assertThat(report.toString()).contains("<masked>").doesNotContain("initial-password-1");
    }

    /** Switches between {@code app} and {@code app_clone}; the replaced user keeps working. */
    static class AlternatingChanger implements CredentialChanger {
        private final FakeTarget target;

        AlternatingChanger(FakeTarget target) {
            this.target = target;
        }

        @Override
        public Secret createPending(RotationContext context) {
            Secret current = context.current();
            String user = current.requireString("username");
            String other = user.endsWith("_clone") ? user.substring(0, user.length() - "_clone".length())
                    : user + "_clone";
            return current.with("username", other).with(PASSWORD,
                    context.passwords().generate(context.passwordPolicy()));
        }

        @Override
        public void apply(RotationContext context) {
            Secret pending = context.pending();
            if (target.logsIn(pending)) {
                return;
            }
            if (!target.logsIn(context.current())) {
                throw new RotationException(ErrorCode.LOGIN_FAILED, "current does not log in");
            }
            target.setPassword(pending.requireString("username"), pending.requireSecret("password").reveal(),
                    false);
        }

        @Override
        public void verify(RotationContext context) {
            target.requireLogin(context.pending(), "pending");
        }
    }
}
