package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.Step;
import dev.rotor.internal.StepContext;
import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretStore;
import dev.rotor.secrets.SecretValue;
import dev.rotor.secrets.SecretsManagerException;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TestRotationContextTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-db-Q1w2E3";
    private static final String TOKEN = "6f1c2a3b-0000-4000-8000-00000000abcd";
    private static final String CURRENT = "{\"username\":\"app\",\"password\":\"current-pass-1\",\"extra\":1}";
    private static final String PENDING = "{\"username\":\"app\",\"password\":\"pending-pass-2\"}";
    private static final String FUNCTION = "arn:aws:lambda:eu-west-1:111122223333:function:fails";
    private static final String PREVIOUS = "{\"username\":\"app\",\"password\":\"previous-pass-0\"}";

    private static TestRotationContext.Builder builder(Step step) {
        return TestRotationContext.builder(step).secretArn(ARN).token(TOKEN);
    }

    private static ErrorCode codeOf(Throwable e) {
        return ((RotationException) e).errorCode();
    }

    @Test
    void nothingIsReadUntilUsedAndEachValueAtMostOnce() {
        TestRotationContext context = builder(Step.SET_SECRET).current(CURRENT).pending(PENDING).build();
        assertThat(context.reads()).isEmpty();

        Secret current = context.current();
        assertThat(context.current()).isSameAs(current);
        assertThat(context.pending()).isSameAs(context.pending());
        assertThat(context.previous()).isEmpty();
        assertThat(context.previous()).isEmpty();

        assertThat(current.requireSecret("password").reveal()).isEqualTo("current-pass-1");
        assertThat(context.pending().requireSecret("password").reveal()).isEqualTo("pending-pass-2");
        assertThat(context.reads()).containsExactly("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS");
    }

    @Test
    void aMalformedValueFailsOnlyWhenReadAndNamesWhereItCameFrom() {
        TestRotationContext context = builder(Step.CREATE_SECRET).current("{\"password\": \"leaky-pass\"").build();
        assertThat(context.secretArn()).isEqualTo(ARN); // building and the other accessors do not parse

        assertThatThrownBy(context::current)
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.MALFORMED_SECRET))
                .hasMessageContaining("AWSCURRENT of " + ARN)
                .hasMessageNotContaining("leaky-pass");
    }

    @Test
    void aMissingCurrentValueIsCurrentVersionMissingNamingTheLabel() {
        assertThatThrownBy(() -> builder(Step.SET_SECRET).build().current())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CURRENT_VERSION_MISSING))
                .hasMessageContaining("has no AWSCURRENT value").hasMessageContaining(ARN).hasMessageContaining(TOKEN);
        // in finishSecret AWSCURRENT has moved: current() reads AWSPREVIOUS, as the handler's context does
        assertThatThrownBy(() -> builder(Step.FINISH_SECRET).build().current())
                .hasMessageContaining("has no AWSPREVIOUS value");
    }

    @Test
    void inFinishSecretCurrentAndPreviousAreTheValueJustReplaced() {
        TestRotationContext context = builder(Step.FINISH_SECRET).current(CURRENT).pending(PENDING)
                .previous(PREVIOUS).build();

        assertThat(context.current().requireSecret("password").reveal()).isEqualTo("current-pass-1");
        assertThat(context.pending().requireSecret("password").reveal()).isEqualTo("pending-pass-2");
        assertThat(context.previous()).hasValueSatisfying(previous -> assertThat(previous
                .requireSecret("password").reveal()).isEqualTo("current-pass-1"));
        assertThat(context.reads()).containsExactly("AWSPREVIOUS", "AWSPENDING", "AWSPREVIOUS");
    }

    @Test
    void aMissingPendingValueIsPendingVersionMissingExceptInTestSecret() {
        for (Step step : List.of(Step.CREATE_SECRET, Step.SET_SECRET, Step.FINISH_SECRET)) {
            TestRotationContext context = builder(step).current(CURRENT).build();
            assertThatThrownBy(context::pending).as("%s", step)
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.PENDING_VERSION_MISSING))
                    .hasMessageContaining("run createSecret first");
        }
        // a test-only rotation: the AWSPENDING version has no value, testSecret tests AWSCURRENT
        TestRotationContext testOnly = builder(Step.TEST_SECRET).current(CURRENT).build();
        assertThat(testOnly.pending()).isSameAs(testOnly.current());
        assertThat(testOnly.reads()).containsExactly("AWSPENDING", "AWSCURRENT");
    }

    @Test
    void aMissingOrUnreadablePreviousValueIsEmptyNeverAnError() {
        assertThat(builder(Step.SET_SECRET).build().previous()).isEmpty();
        assertThat(builder(Step.SET_SECRET).previous("{not json").build().previous()).isEmpty();
        Optional<Secret> previous = builder(Step.SET_SECRET).previous(PREVIOUS).build().previous();
        assertThat(previous).hasValueSatisfying(secret -> assertThat(secret.requireSecret("password").reveal())
                .isEqualTo("previous-pass-0"));
    }

    @Test
    void otherSecretsAreAnsweredByIdAndReadOnEveryCall() {
        String master = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:master-Zz9";
        TestRotationContext context = builder(Step.SET_SECRET)
                .otherSecret(master, "{\"username\":\"admin\",\"password\":\"admin-pass\"}").build();

        assertThat(context.otherSecret(master).requireString("username")).isEqualTo("admin");
        assertThat(context.otherSecret(master).requireString("username")).isEqualTo("admin");
        assertThatThrownBy(() -> context.otherSecret("unknown-secret"))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CURRENT_VERSION_MISSING))
                .hasMessageContaining("unknown-secret").hasMessageContaining(ARN);
        assertThat(context.reads()).containsExactly("AWSCURRENT of " + master, "AWSCURRENT of " + master,
                "AWSCURRENT of unknown-secret");
    }

    @Test
    void parsedSecretsAreAnsweredAsGiven() {
        Secret current = Secret.parse(CURRENT);
        Secret other = Secret.emptyObject().with("username", "admin");
        TestRotationContext context = builder(Step.SET_SECRET).current(current).pending(current.with("password",
                "p")).previous(current).otherSecret("other", other).build();
        assertThat(context.current()).isSameAs(current);
        assertThat(context.previous()).containsSame(current);
        assertThat(context.otherSecret("other")).isSameAs(other);
    }

    @Test
    void theDefaultGeneratorFollowsThePolicy() {
        PasswordPolicy policy = new PasswordPolicy(40, Optional.of("abcdefghij:/@\"'\\"), true, false, false, false,
                false, true);
        TestRotationContext context = builder(Step.CREATE_SECRET).passwordPolicy(policy).build();
        assertThat(context.passwordPolicy()).isSameAs(policy);
        for (int i = 0; i < 20; i++) {
            String password = context.passwords().generate(policy).reveal();
            assertThat(password).hasSize(40).doesNotContainPattern("[a-j0-9:/@\"'\\\\]")
                    .containsPattern("[A-Z]").containsPattern("[k-z]").containsPattern("[^A-Za-z0-9]");
        }
        assertThat(context.passwords().generate(PasswordPolicy.DEFAULT).reveal()).hasSize(32);
    }

    @Test
    void anImpossiblePolicyFailsAsGetRandomPasswordWould() {
        PasswordPolicy tooShort = new PasswordPolicy(2, Optional.empty(), false, false, false, false, false, true);
        assertThatThrownBy(() -> builder(Step.CREATE_SECRET).build().passwords().generate(tooShort))
                .isInstanceOf(SecretsManagerException.class)
                .satisfies(e -> assertThat(((SecretsManagerException) e).awsErrorCode())
                        .contains("InvalidParameterException"))
                .hasMessageContaining("GetRandomPassword failed for secret " + ARN);
    }

    @Test
    void aGivenGeneratorIsUsed() {
        TestRotationContext context = builder(Step.CREATE_SECRET).current(CURRENT)
                .passwords(policy -> SecretValue.of("fixed-password-" + policy.length())).build();
        Secret pending = new CredentialChanger() {
            @Override
            public void apply(RotationContext ignored) {
            }

            @Override
            public void verify(RotationContext ignored) {
            }
        }.createPending(context);
        assertThat(pending.requireSecret("password").reveal()).isEqualTo("fixed-password-32");
        assertThat(pending.requireString("username")).isEqualTo("app");
        assertThat(pending.keys()).contains("extra");
    }

    @Test
    void oneBudgetPerContextNamingTheStep() {
        TestRotationContext context = builder(Step.SET_SECRET).budget(Duration.ofSeconds(5)).build();
        assertThat(context.budget()).isSameAs(context.budget());
        assertThat(context.budget().total()).isEqualTo(Duration.ofSeconds(5));
        assertThat(builder(Step.SET_SECRET).build().budget().total()).isEqualTo(Duration.ofSeconds(60));

        TestRotationContext exhausted = builder(Step.SET_SECRET).budget(Duration.ZERO).build();
        assertThatThrownBy(() -> exhausted.budget().check("connecting"))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.TIME_BUDGET_EXCEEDED))
                .hasMessageContaining("step setSecret of secret " + ARN + ", token " + TOKEN);
    }

    @Test
    void eachBuildIsAFreshContextAndTheTokenDefaultsToARandomUuid() {
        TestRotationContext.Builder reusable = TestRotationContext.builder(Step.SET_SECRET).current(CURRENT);
        TestRotationContext first = reusable.build();
        first.current();
        TestRotationContext second = reusable.pending(PENDING).build();

        assertThat(second.reads()).isEmpty();
        assertThat(second.pending().requireSecret("password").reveal()).isEqualTo("pending-pass-2");
        assertThatThrownBy(first::pending).as("a context built earlier does not see later changes")
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.PENDING_VERSION_MISSING));
        assertThat(first.token()).isNotEqualTo(second.token()).matches("[0-9a-f-]{36}");
        assertThat(first.secretArn()).isEqualTo(TestRotationContext.DEFAULT_SECRET_ARN);
        assertThat(first.step()).isEqualTo(Step.SET_SECRET);
        assertThat(first.describe()).isEqualTo("setSecret of " + first.secretArn() + " (token " + first.token()
                + ")");
    }

    @Test
    void toStringNamesTheStepAndMasksEveryValue() {
        TestRotationContext context = builder(Step.SET_SECRET).current(CURRENT).pending(PENDING)
                .otherSecret("master", "{\"password\":\"admin-pass\"}").build();
        context.current();
        context.pending();
        context.otherSecret("master");

        assertThat(context.toString()).contains("setSecret", ARN, TOKEN, "current=<masked>", "pending=<masked>",
                "previous=absent", "otherSecrets=[master]")
                .doesNotContain("current-pass-1", "pending-pass-2", "admin-pass", "username");
    }

    /** The same situations through the handler's own context, over HTTP against the local Secrets Manager. */
    @Test
    void answersAsTheHandlersContextDoes() {
        try (LocalSecretsManager local = LocalSecretsManager.start()) {
            String arn = local.createSecret("app/db", PREVIOUS);
            local.client().putSecretValue(b -> b.secretId(arn).secretString(CURRENT)); // PREVIOUS moves down
            String master = local.createSecret("master", "{\"username\":\"admin\",\"password\":\"admin-pass\"}");
            String token = "6f1c2a3b-1111-4000-8000-00000000abcd";
            local.client().putSecretValue(b -> b.secretId(arn).clientRequestToken(token).secretString(PENDING)
                    .versionStages("AWSPENDING"));
            SecretStore store = new SecretStore(local.client());
            Function<Step, RotationContext> real = step -> new StepContext(store, arn, token, step,
                    PasswordPolicy.DEFAULT, dev.rotor.spi.TimeBudget.of(Duration.ofSeconds(5)),
                    step == Step.FINISH_SECRET ? "AWSPREVIOUS" : "AWSCURRENT", step == Step.TEST_SECRET);
            Function<Step, RotationContext> test = step -> TestRotationContext.builder(step).secretArn(arn)
                    .token(token).current(step == Step.FINISH_SECRET ? PREVIOUS : CURRENT).pending(PENDING)
                    .previous(PREVIOUS).otherSecret(master, "{\"username\":\"admin\",\"password\":\"admin-pass\"}")
                    .build();
            for (Step step : Step.values()) {
                assertThat(outcomes(test.apply(step), master)).as("%s", step)
                        .isEqualTo(outcomes(real.apply(step), master));
            }

            String other = local.createSecret("app/other", CURRENT);
            String fresh = "6f1c2a3b-2222-4000-8000-00000000abcd";
            // an AWSPENDING version without a value: a rotation whose function fails at once, not retried
            local.register(FUNCTION, (input, output, lambda) -> {
                throw new IllegalStateException("stops before createSecret stores a value");
            });
            local.simulator().maxAttempts(1);
            local.client().rotateSecret(b -> b.secretId(other).clientRequestToken(fresh)
                    .rotationLambdaARN(FUNCTION));
            assertThat(local.simulator().lastRun().orElseThrow().succeeded()).isFalse();
            for (Step step : List.of(Step.CREATE_SECRET, Step.SET_SECRET, Step.TEST_SECRET)) {
                RotationContext realContext = new StepContext(store, other, fresh, step, PasswordPolicy.DEFAULT,
                        dev.rotor.spi.TimeBudget.of(Duration.ofSeconds(5)), "AWSCURRENT", step == Step.TEST_SECRET);
                RotationContext testContext = TestRotationContext.builder(step).secretArn(other).token(fresh)
                        .current(CURRENT).build();
                assertThat(outcomes(testContext, "missing-secret")).as("%s", step)
                        .isEqualTo(outcomes(realContext, "missing-secret"));
            }
        }
    }

    /** What each read answers: a value's keys and password, or the error code and message. */
    private static List<String> outcomes(RotationContext context, String otherId) {
        List<Function<RotationContext, Object>> reads = List.of(RotationContext::current, RotationContext::pending,
                RotationContext::previous, c -> c.otherSecret(otherId));
        List<String> outcomes = new ArrayList<>();
        for (Function<RotationContext, Object> read : reads) {
            try {
                Object value = read.apply(context);
                Secret secret = value instanceof Optional<?> optional ? (Secret) optional.orElse(null) : (Secret) value;
                outcomes.add(secret == null ? "empty"
                        : secret.keys() + " " + secret.requireSecret("password").reveal());
            } catch (RotationException e) {
                outcomes.add(e.errorCode() + ": " + e.getMessage());
            }
        }
        return outcomes;
    }
}
