package dev.rotor;

import static dev.rotor.FakeSecretsManager.AWSCURRENT;
import static dev.rotor.FakeSecretsManager.AWSPENDING;
import static dev.rotor.FakeSecretsManager.AWSPREVIOUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretsManagerException;
import dev.rotor.spi.RotationContext;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException.Builder;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;

/** One test per rule of SPEC section 2, against an in-memory Secrets Manager wrapped in a Mockito spy. */
class RotationHandlerTest {
    static final String OLD_PASSWORD = "old-Pa55word-never-logged";
    static final String CURRENT_JSON = "{\"engine\":\"postgres\",\"host\":\"db.example\",\"username\":\"app\","
            + "\"password\":\"" + OLD_PASSWORD + "\",\"team\":\"payments\",\"nested\":{\"keep\":[1,2,3]}}";
    static final String TOKEN = "6a2c1f0e-0000-4000-8000-00000000c0de";
    static final String ROTATION_TOKEN = "rotation-token-opaque-7f3e";
    static final Map<String, String> SERVICE_PASSWORDS = Map.of("ROTOR_PASSWORD_SOURCE", "secretsmanager");

    FakeSecretsManager sm;
    TestChanger changer;
    TestHandler handler;
    String arn;

    @BeforeEach
    void setUp() {
        sm = spy(new FakeSecretsManager());
        arn = sm.createSecret("app/db", CURRENT_JSON);
        sm.startRotation(arn, TOKEN);
        changer = new TestChanger(OLD_PASSWORD);
        // passwords from GetRandomPassword, so that the tests can tell which password went where
        handler = new TestHandler(changer, sm, SERVICE_PASSWORDS);
    }

    private void run(String step) {
        handler.step(step, arn, TOKEN, ROTATION_TOKEN);
    }

    private void verifyNoWrites() {
        verify(sm, never()).putSecretValue(any(PutSecretValueRequest.class));
        verify(sm, never()).updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));
        verify(sm, never()).updateSecret(any(UpdateSecretRequest.class));
    }

    private static RotationException rotationFailure(Throwable thrown) {
        assertThat(thrown).isInstanceOf(RotationException.class);
        return (RotationException) thrown;
    }

    private String currentVersion() {
        return sm.versionWith(arn, AWSCURRENT);
    }

    private static software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException serviceError(
            String code, int status) {
        Builder builder = software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException.builder();
        return (software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException) builder
                .message(code).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Nested
    class PreChecks {
        @ParameterizedTest
        @ValueSource(strings = {"createSecret", "setSecret", "testSecret", "finishSecret"})
        void rotationDisabledFailsBeforeAnyChange(String step) {
            sm.state(arn).rotationEnabled = false;

            assertThatThrownBy(() -> run(step))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode()).isEqualTo(ErrorCode.ROTATION_DISABLED))
                    .hasMessageContaining(arn).hasMessageContaining(TOKEN).hasMessageContaining(step);
            verifyNoWrites();
            verify(sm, never()).getSecretValue(any(GetSecretValueRequest.class));
            assertThat(changer.calls).isEmpty();
        }

        @Test
        void rotationDisabledIsCheckedBeforeTheTokenIsAlreadyCurrent() {
            sm.state(arn).rotationEnabled = false;
            String current = currentVersion();

            assertThatThrownBy(() -> handler.step("finishSecret", arn, current, null))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode()).isEqualTo(ErrorCode.ROTATION_DISABLED));
        }

        @Test
        void rotationEnabledFlagAbsentDoesNotBlockTheStep() {
            sm.state(arn).rotationEnabled = null;

            run("createSecret");

            assertThat(sm.valueAt(arn, AWSPENDING)).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"createSecret", "setSecret", "testSecret", "finishSecret"})
        void tokenNotAVersionFails(String step) {
            assertThatThrownBy(() -> handler.step(step, arn, "not-a-version", ROTATION_TOKEN))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode()).isEqualTo(ErrorCode.TOKEN_NOT_A_VERSION))
                    .hasMessageContaining("not-a-version").hasMessageContaining(arn);
            verifyNoWrites();
            assertThat(changer.calls).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"createSecret", "setSecret", "testSecret", "finishSecret"})
        void stepIsANoOpWhenTokenIsAlreadyCurrent(String step) {
            String current = currentVersion();
            Map<String, Set<String>> before = sm.labels(arn);

            handler.step(step, arn, current, ROTATION_TOKEN);

            verifyNoWrites();
            verify(sm, never()).getSecretValue(any(GetSecretValueRequest.class));
            assertThat(changer.calls).isEmpty();
            assertThat(sm.labels(arn)).isEqualTo(before);
        }

        @Test
        void finishSecretIsANoOpWhenTokenIsAlreadyCurrent() {
            handler.rotate(arn, TOKEN, ROTATION_TOKEN);
            Map<String, Set<String>> after = sm.labels(arn);
            changer.calls.clear();
            org.mockito.Mockito.clearInvocations(sm);

            run("finishSecret");

            verifyNoWrites();
            assertThat(changer.calls).isEmpty();
            assertThat(sm.labels(arn)).isEqualTo(after);
        }

        @ParameterizedTest
        @ValueSource(strings = {"createSecret", "setSecret", "testSecret", "finishSecret"})
        void tokenWithoutPendingFails(String step) {
            sm.state(arn).versions.get(TOKEN).stages.clear();
            sm.state(arn).versions.get(TOKEN).stages.add("CUSTOM");

            assertThatThrownBy(() -> run(step))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode()).isEqualTo(ErrorCode.TOKEN_NOT_PENDING))
                    .hasMessageContaining(TOKEN).hasMessageContaining("CUSTOM");
            verifyNoWrites();
            assertThat(changer.calls).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"createSecret", "setSecret", "testSecret", "finishSecret"})
        void preChecksUseASingleDescribeSecret(String step) {
            if (!step.equals("createSecret")) {
                run("createSecret");
            }
            if (step.equals("testSecret") || step.equals("finishSecret")) {
                run("setSecret");
            }
            org.mockito.Mockito.clearInvocations(sm);

            run(step);

            // finishSecret too: the two label updates succeed only in the legal end state (FinishSecretCallsTest)
            verify(sm, times(1)).describeSecret(any(DescribeSecretRequest.class));
        }
    }

    @Nested
    class CreateSecret {
        @Test
        void createSecretDoesNothingWhenPendingHasAValue() {
            sm.state(arn).versions.get(TOKEN).value = "{\"password\":\"already-there\"}";

            run("createSecret");

            verifyNoWrites();
            assertThat(changer.calls).isEmpty();
            assertThat(sm.valueAt(arn, AWSPENDING)).isEqualTo("{\"password\":\"already-there\"}");
        }

        @Test
        void createSecretDoesNothingWhenPendingHasAValueThatIsNotJson() {
            sm.state(arn).versions.get(TOKEN).value = "{not json";

            run("createSecret");

            verifyNoWrites();
        }

        @Test
        void createSecretPutsOnlyOnResourceNotFound() {
            doThrow(serviceError("InternalServiceError", 500)).when(sm).getSecretValue(
                    argThat((GetSecretValueRequest r) -> TOKEN.equals(r.versionId())));

            assertThatThrownBy(() -> run("createSecret"))
                    .isInstanceOf(SecretsManagerException.class)
                    .hasMessageContaining("GetSecretValue").hasMessageContaining("InternalServiceError");
            verifyNoWrites();
            assertThat(changer.calls).isEmpty();
        }

        @Test
        void createSecretReadsThePendingVersionWithTokenAndStage() {
            run("createSecret");

            verify(sm).getSecretValue(argThat((GetSecretValueRequest r) -> TOKEN.equals(r.versionId())
                    && AWSPENDING.equals(r.versionStage())));
        }

        @Test
        void createSecretFailsWhenCurrentIsMissing() {
            sm.state(arn).versions.values().stream().filter(v -> v.stages.contains(AWSCURRENT))
                    .forEach(v -> v.value = null);

            assertThatThrownBy(() -> run("createSecret"))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode())
                            .isEqualTo(ErrorCode.CURRENT_VERSION_MISSING));
            verifyNoWrites();
        }

        @Test
        void createSecretAlwaysPassesVersionStagesAwsPending() {
            run("createSecret");

            ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
            verify(sm).putSecretValue(put.capture());
            assertThat(put.getValue().versionStages()).containsExactly(AWSPENDING);
            assertThat(put.getValue().clientRequestToken()).isEqualTo(TOKEN);
            assertThat(sm.labels(arn).get(TOKEN)).containsExactly(AWSPENDING);
            assertThat(sm.valueAt(arn, AWSCURRENT)).isEqualTo(CURRENT_JSON);
        }

        @Test
        void createSecretPassesRotationTokenWhenPresent() {
            run("createSecret");

            ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
            verify(sm).putSecretValue(put.capture());
            assertThat(put.getValue().rotationToken()).isEqualTo(ROTATION_TOKEN);
        }

        @Test
        void createSecretOmitsRotationTokenWhenAbsent() {
            handler.step("createSecret", arn, TOKEN, null);

            ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
            verify(sm).putSecretValue(put.capture());
            assertThat(put.getValue().rotationToken()).isNull();
        }

        @Test
        void createSecretRefusesAPendingValueEqualToTheCurrentOne() {
            TestChanger lazy = new TestChanger(OLD_PASSWORD) {
                @Override
                public Secret createPending(RotationContext context) {
                    return context.current();
                }
            };

            assertThatThrownBy(() -> new TestHandler(lazy, sm).step("createSecret", arn, TOKEN, null))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode()).isEqualTo(ErrorCode.CHANGER_FAILED))
                    .hasMessageContaining("unchanged");
            verifyNoWrites();
        }

        @Test
        void createSecretRunTwiceStoresOnce() {
            run("createSecret");
            String stored = sm.valueAt(arn, AWSPENDING);

            run("createSecret");

            verify(sm, times(1)).putSecretValue(any(PutSecretValueRequest.class));
            assertThat(sm.valueAt(arn, AWSPENDING)).isEqualTo(stored);
        }

        @Test
        void createSecretRetriedAfterAFailedPutStoresTheValue() {
            doThrow(serviceError("ThrottlingException", 400)).doCallRealMethod().when(sm)
                    .putSecretValue(any(PutSecretValueRequest.class));

            assertThatThrownBy(() -> run("createSecret")).isInstanceOf(SecretsManagerException.class)
                    .satisfies(e -> assertThat(((SecretsManagerException) e).awsErrorCode())
                            .contains("ThrottlingException"));
            run("createSecret");

            assertThat(sm.valueAt(arn, AWSPENDING)).isNotNull();
        }

        @Test
        void defaultCreatePendingReplacesOnlyThePasswordAndKeepsUnknownKeys() {
            run("createSecret");

            Secret current = Secret.parse(CURRENT_JSON);
            Secret pending = Secret.parse(sm.valueAt(arn, AWSPENDING));
            assertThat(pending.keys()).containsExactlyElementsOf(current.keys());
            assertThat(pending.requireSecret("password").reveal()).isEqualTo(sm.passwordsIssued.get(0))
                    .isNotEqualTo(OLD_PASSWORD);
            assertThat(pending.with("password", OLD_PASSWORD)).isEqualTo(current);
        }

        @Test
        void defaultCreatePendingUsesTheConfiguredPasswordPolicy() {
            TestHandler configured = new TestHandler(changer, sm, Map.of("PASSWORD_LENGTH", "48",
                    "EXCLUDE_CHARACTERS", "xyz", "EXCLUDE_PUNCTUATION", "YES", "EXCLUDE_NUMBERS", "1",
                    "INCLUDE_SPACE", "y", "REQUIRE_EACH_INCLUDED_TYPE", "false", "EXCLUDE_UPPERCASE", "True",
                    "ROTOR_PASSWORD_SOURCE", "secretsmanager"));

            configured.step("createSecret", arn, TOKEN, null);

            GetRandomPasswordRequest request = sm.passwordRequests.get(0);
            assertThat(request.passwordLength()).isEqualTo(48L);
            assertThat(request.excludeCharacters()).isEqualTo("xyz");
            assertThat(request.excludePunctuation()).isTrue();
            assertThat(request.excludeNumbers()).isTrue();
            assertThat(request.excludeUppercase()).isTrue();
            assertThat(request.excludeLowercase()).isFalse();
            assertThat(request.includeSpace()).isTrue();
            assertThat(request.requireEachIncludedType()).isFalse();
        }

        @Test
        void byDefaultThePasswordIsMadeLocallyWithTheConfiguredPolicyAndNoCall() {
            TestHandler local = new TestHandler(changer, sm, Map.of("PASSWORD_LENGTH", "48",
                    "EXCLUDE_CHARACTERS", "xyz", "EXCLUDE_PUNCTUATION", "YES", "EXCLUDE_NUMBERS", "1",
                    "INCLUDE_SPACE", "y", "EXCLUDE_UPPERCASE", "True"));

            local.step("createSecret", arn, TOKEN, null);

            verify(sm, never()).getRandomPassword(any(GetRandomPasswordRequest.class));
            String password = Secret.parse(sm.valueAt(arn, AWSPENDING)).requireSecret("password").reveal();
            assertThat(password).hasSize(48).matches("[a-w ]+").contains(" ").isNotEqualTo(OLD_PASSWORD);
        }

        @Test
        void aPolicyNoPasswordCanFollowFailsCreateSecretAndStoresNothing() {
            TestHandler local = new TestHandler(changer, sm, Map.of("PASSWORD_LENGTH", "2"));

            assertThatThrownBy(() -> local.step("createSecret", arn, TOKEN, null))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode())
                            .isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageContaining("Password length 2").hasMessageContaining(arn);
            verifyNoWrites();
            assertThat(sm.valueAt(arn, AWSPENDING)).isNull();
        }

        @Test
        void defaultCreatePendingReplacesAPlainStringSecret() {
            String plainArn = sm.createSecret("plain", "just-a-password");
            sm.startRotation(plainArn, TOKEN);

            handler.step("createSecret", plainArn, TOKEN, null);

            assertThat(sm.valueAt(plainArn, AWSPENDING)).isEqualTo(sm.passwordsIssued.get(0));
        }
    }

    @Nested
    class SetAndTestSecret {
        @Test
        void setSecretDelegatesToTheChangerWithPendingAndCurrent() {
            run("createSecret");

            run("setSecret");

            assertThat(changer.calls).containsExactly("createPending", "apply");
            assertThat(changer.targetPassword).isEqualTo(sm.passwordsIssued.get(0));
            RotationContext context = changer.contexts.get(1);
            assertThat(context.step()).isEqualTo(Step.SET_SECRET);
            assertThat(context.secretArn()).isEqualTo(arn);
            assertThat(context.token()).isEqualTo(TOKEN);
        }

        @Test
        void setSecretWritesNothingToSecretsManager() {
            run("createSecret");
            org.mockito.Mockito.clearInvocations(sm);

            run("setSecret");

            verifyNoWrites();
        }

        @Test
        void setSecretFailsWhenPendingHasNoValue() {
            assertThatThrownBy(() -> run("setSecret"))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode())
                            .isEqualTo(ErrorCode.PENDING_VERSION_MISSING))
                    .hasMessageContaining(TOKEN);
            assertThat(changer.targetPassword).isEqualTo(OLD_PASSWORD);
        }

        @Test
        void setSecretRunTwiceSucceeds() {
            run("createSecret");
            run("setSecret");

            run("setSecret");

            assertThat(changer.targetPassword).isEqualTo(sm.passwordsIssued.get(0));
        }

        @Test
        void changerFailureFailsTheStep() {
            run("createSecret");
            changer.onApply = context -> {
                throw new IllegalStateException("target down");
            };

            assertThatThrownBy(() -> run("setSecret")).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void testSecretVerifiesThePendingValue() {
            run("createSecret");
            run("setSecret");
            org.mockito.Mockito.clearInvocations(sm);

            run("testSecret");

            assertThat(changer.verifiedPassword).isEqualTo(sm.passwordsIssued.get(0));
            verifyNoWrites();
        }

        @Test
        void testSecretFailsWhenThePendingCredentialDoesNotWork() {
            run("createSecret");

            assertThatThrownBy(() -> run("testSecret"))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode())
                            .isEqualTo(ErrorCode.CREDENTIAL_TEST_FAILED));
        }

        @Test
        void testSecretOnlyRunChangesNothing() {
            // RotateImmediately=false: only testSecret, against a fresh AWSPENDING version without a value
            Map<String, Set<String>> before = sm.labels(arn);

            run("testSecret");

            assertThat(changer.calls).containsExactly("verify");
            assertThat(changer.verifiedPassword).isEqualTo(OLD_PASSWORD);
            verifyNoWrites();
            verify(sm, never()).getRandomPassword(any(GetRandomPasswordRequest.class));
            assertThat(sm.labels(arn)).isEqualTo(before);
            assertThat(sm.valueAt(arn, AWSCURRENT)).isEqualTo(CURRENT_JSON);
            assertThat(changer.targetPassword).isEqualTo(OLD_PASSWORD);
        }

        @Test
        void testSecretOnlyRunAgainstACopyOfCurrentChangesNothing() {
            sm.state(arn).versions.get(TOKEN).value = CURRENT_JSON;

            run("testSecret");

            assertThat(changer.verifiedPassword).isEqualTo(OLD_PASSWORD);
            verifyNoWrites();
        }
    }

    @Nested
    class FinishSecret {
        @BeforeEach
        void createAndSet() {
            run("createSecret");
            run("setSecret");
            run("testSecret");
        }

        @Test
        void finishSecretMovesCurrentWithRemoveFromVersionId() {
            String old = currentVersion();

            run("finishSecret");

            ArgumentCaptor<UpdateSecretVersionStageRequest> update =
                    ArgumentCaptor.forClass(UpdateSecretVersionStageRequest.class);
            verify(sm, atLeastOnce()).updateSecretVersionStage(update.capture());
            UpdateSecretVersionStageRequest move = update.getAllValues().get(0);
            assertThat(move.versionStage()).isEqualTo(AWSCURRENT);
            assertThat(move.moveToVersionId()).isEqualTo(TOKEN);
            assertThat(move.removeFromVersionId()).isEqualTo(old);
            assertThat(sm.labels(arn).get(old)).containsExactly(AWSPREVIOUS);
        }

        @Test
        void finishSecretRemovesLeftoverPending() {
            run("finishSecret");

            ArgumentCaptor<UpdateSecretVersionStageRequest> update =
                    ArgumentCaptor.forClass(UpdateSecretVersionStageRequest.class);
            verify(sm, times(2)).updateSecretVersionStage(update.capture());
            UpdateSecretVersionStageRequest remove = update.getAllValues().get(1);
            assertThat(remove.versionStage()).isEqualTo(AWSPENDING);
            assertThat(remove.moveToVersionId()).isNull();
            assertThat(remove.removeFromVersionId()).isEqualTo(TOKEN);
            assertThat(sm.labels(arn).get(TOKEN)).containsExactly(AWSCURRENT);
            assertThat(sm.versionWith(arn, AWSPENDING)).isNull();
        }

        @Test
        void finishSecretRunsAfterFinishWithTheReplacedValueAsCurrent() {
            run("finishSecret");

            assertThat(changer.calls).endsWith("afterFinish");
            assertThat(changer.replacedPassword).isEqualTo(OLD_PASSWORD);
        }

        @Test
        void finishSecretResumesWhenTheCurrentVersionStillCarriesPending() {
            changer.onAfterFinish = context -> {
                throw new RotationException(ErrorCode.CHANGER_FAILED, "revoke failed");
            };
            assertThatThrownBy(() -> run("finishSecret")).hasMessageContaining("revoke failed");
            assertThat(sm.labels(arn).get(TOKEN)).containsExactlyInAnyOrder(AWSCURRENT, AWSPENDING);
            changer.onAfterFinish = context -> { };
            changer.calls.clear();

            run("finishSecret");

            assertThat(changer.calls).containsExactly("afterFinish");
            assertThat(changer.replacedPassword).isEqualTo(OLD_PASSWORD);
            assertThat(sm.labels(arn).get(TOKEN)).containsExactly(AWSCURRENT);
        }

        @Test
        void finishSecretFailsWhenTheMoveIsRefused() {
            doThrow(serviceError("InvalidParameterException", 400)).when(sm)
                    .updateSecretVersionStage(any(UpdateSecretVersionStageRequest.class));

            assertThatThrownBy(() -> run("finishSecret")).isInstanceOf(SecretsManagerException.class)
                    .hasMessageContaining("UpdateSecretVersionStage").hasMessageContaining(arn);
            assertThat(changer.calls).doesNotContain("afterFinish");
        }
    }

    @Nested
    class CompleteRotation {
        @Test
        void completeRotationEndsWithTheNewValueCurrentAndNoPending() {
            String old = currentVersion();

            handler.rotate(arn, TOKEN, ROTATION_TOKEN);

            Secret current = Secret.parse(sm.valueAt(arn, AWSCURRENT));
            assertThat(current.requireSecret("password").reveal()).isEqualTo(changer.targetPassword)
                    .isNotEqualTo(OLD_PASSWORD);
            assertThat(sm.labels(arn)).containsEntry(TOKEN, Set.of(AWSCURRENT)).containsEntry(old, Set.of(AWSPREVIOUS));
            assertThat(sm.rotationTokensReceived).containsExactly(ROTATION_TOKEN);
            assertThat(changer.calls).containsExactly("createPending", "apply", "verify", "afterFinish");
        }

        @Test
        void everyStepRunAgainAfterACompleteRotationIsANoOp() {
            handler.rotate(arn, TOKEN, ROTATION_TOKEN);
            Map<String, Set<String>> after = sm.labels(arn);
            changer.calls.clear();
            org.mockito.Mockito.clearInvocations(sm);

            handler.rotate(arn, TOKEN, ROTATION_TOKEN);

            verifyNoWrites();
            assertThat(changer.calls).isEmpty();
            assertThat(sm.labels(arn)).isEqualTo(after);
        }

        @Test
        void aSecondRotationUsesTheFirstOnesValueAsCurrent() {
            handler.rotate(arn, TOKEN, null);
            String second = "11111111-2222-4333-8444-555555555555";
            sm.startRotation(arn, second);

            handler.rotate(arn, second, null);

            assertThat(changer.replacedPassword).isEqualTo(sm.passwordsIssued.get(0));
            assertThat(changer.previousSeen).isPresent();
            assertThat(sm.versionWith(arn, AWSPREVIOUS)).isEqualTo(TOKEN);
        }

        @Test
        void snakeCaseStepNamesRunTheSameRotation() {
            for (String step : new String[] {"create_secret", "set_secret", "test_secret", "finish_secret"}) {
                handler.step(step, arn, TOKEN, null);
            }

            assertThat(sm.labels(arn).get(TOKEN)).containsExactly(AWSCURRENT);
        }
    }

    @Nested
    class Budget {
        private Context lambda(int remainingMillis) {
            Context context = mock(Context.class);
            when(context.getRemainingTimeInMillis()).thenReturn(remainingMillis);
            return context;
        }

        @Test
        void budgetIsTheContextsRemainingTimeLessTheReserve() {
            handler.invoke(TestHandler.event("createSecret", arn, TOKEN, null), lambda(30_000));

            assertThat(changer.contexts.get(0).budget().total()).isEqualTo(Duration.ofMillis(28_000));
        }

        @Test
        void budgetReserveComesFromTheConfiguration() {
            TestHandler configured = new TestHandler(changer, sm, Map.of("ROTOR_TIME_RESERVE_MS", "5000"));

            configured.invoke(TestHandler.event("createSecret", arn, TOKEN, null), lambda(30_000));

            assertThat(changer.contexts.get(0).budget().total()).isEqualTo(Duration.ofMillis(25_000));
        }

        @Test
        void withoutAContextTheBudgetIsTheConfiguredDefault() {
            TestHandler configured = new TestHandler(changer, sm, Map.of("ROTOR_DEFAULT_BUDGET_MS", "12345"));

            configured.step("createSecret", arn, TOKEN, null);

            assertThat(changer.contexts.get(0).budget().total()).isEqualTo(Duration.ofMillis(12_345));
        }

        @Test
        void changerThatExceedsTheBudgetFailsWithTimeBudgetExceeded() {
            run("createSecret");
            changer.onApply = context -> {
                while (!context.budget().isExhausted()) {
                    sleep(); // a slow target: the 1.5 s budget runs out
                }
                context.budget().check("connecting to db.example:5432 as app");
            };

            assertThatThrownBy(() -> handler.invoke(TestHandler.event("setSecret", arn, TOKEN, ROTATION_TOKEN),
                    lambda(3_500)))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode())
                            .isEqualTo(ErrorCode.TIME_BUDGET_EXCEEDED))
                    .hasMessageContaining("connecting to db.example:5432 as app")
                    .hasMessageContaining("setSecret").hasMessageContaining(arn).hasMessageContaining(TOKEN)
                    .hasMessageContaining("raise the function timeout")
                    .hasMessageNotContaining(ROTATION_TOKEN);
            assertThat(changer.targetPassword).isEqualTo(OLD_PASSWORD);
        }

        private static void sleep() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Test
        void stepWithAnExhaustedBudgetFailsBeforeCallingTheChanger() {
            run("createSecret");

            assertThatThrownBy(() -> handler.invoke(TestHandler.event("setSecret", arn, TOKEN, null),
                    lambda(1_000)))
                    .satisfies(e -> assertThat(rotationFailure(e).errorCode())
                            .isEqualTo(ErrorCode.TIME_BUDGET_EXCEEDED));
            assertThat(changer.calls).doesNotContain("apply");
        }
    }

    @Test
    void describeSecretFailureNamesOperationSecretAndCode() {
        doThrow(serviceError("AccessDeniedException", 400)).when(sm).describeSecret(any(DescribeSecretRequest.class));

        assertThatThrownBy(() -> run("createSecret")).isInstanceOf(SecretsManagerException.class)
                .hasMessageContaining("DescribeSecret").hasMessageContaining(arn)
                .hasMessageContaining("AccessDeniedException").hasMessageContaining("HTTP 400");
    }

    @Test
    void aMissingSecretFailsWithResourceNotFound() {
        assertThatThrownBy(() -> handler.step("createSecret", "no-such-secret", TOKEN, null))
                .isInstanceOf(SecretsManagerException.class).hasMessageContaining("ResourceNotFoundException");
    }
}
