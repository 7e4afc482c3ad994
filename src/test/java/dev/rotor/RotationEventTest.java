package dev.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.amazonaws.services.lambda.runtime.events.SecretsManagerRotationEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;

/** Malformed events are refused with a clear error before any Secrets Manager call; good ones keep every field. */
class RotationEventTest {
    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf";
    static final String TOKEN = "6a2c1f0e-0000-4000-8000-00000000c0de";

    SecretsManagerClient client;
    TestChanger changer;
    TestHandler handler;

    @BeforeEach
    void setUp() {
        client = mock(SecretsManagerClient.class);
        changer = new TestChanger("unused");
        handler = new TestHandler(changer, client);
    }

    private void assertRejected(String json, String... messageParts) {
        assertThatThrownBy(() -> handler.invoke(json, null))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode()).isEqualTo(ErrorCode.INVALID_EVENT))
                .hasMessageContainingAll(messageParts);
        verifyNoInteractions(client);
        assertThat(changer.calls).isEmpty();
    }

    @Test
    void notJsonIsRejected() {
        assertRejected("Step=createSecret", "(event)", "not valid JSON");
    }

    @Test
    void truncatedJsonIsRejected() {
        assertRejected("{\"Step\": \"createSecret\", \"SecretId\": ", "not valid JSON");
    }

    @Test
    void trailingGarbageIsRejected() {
        assertRejected(TestHandler.event("createSecret", ARN, TOKEN, null) + " {}", "not valid JSON");
    }

    @Test
    void duplicateFieldIsRejected() {
        assertRejected("{\"Step\": \"createSecret\", \"Step\": \"finishSecret\", \"SecretId\": \"" + ARN
                + "\", \"ClientRequestToken\": \"" + TOKEN + "\"}", "not valid JSON");
    }

    @Test
    void jsonArrayIsRejected() {
        assertRejected("[" + TestHandler.event("createSecret", ARN, TOKEN, null) + "]", "must be a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"createSecret\"", "42", "null", "true"})
    void jsonScalarIsRejected(String json) {
        assertRejected(json, "must be a JSON object");
    }

    @Test
    void emptyInputIsRejected() {
        assertRejected("", "(event)");
    }

    static Stream<Arguments> badFields() {
        String step = "\"Step\": \"createSecret\"";
        String secret = "\"SecretId\": \"" + ARN + "\"";
        String token = "\"ClientRequestToken\": \"" + TOKEN + "\"";
        return Stream.of(
                Arguments.of("{" + secret + ", " + token + "}", "Step", "is missing"),
                Arguments.of("{\"Step\": null, " + secret + ", " + token + "}", "Step", "is missing"),
                Arguments.of("{\"Step\": \"\", " + secret + ", " + token + "}", "Step", "is blank"),
                Arguments.of("{\"Step\": \"  \", " + secret + ", " + token + "}", "Step", "is blank"),
                Arguments.of("{\"Step\": 1, " + secret + ", " + token + "}", "Step", "must be a string"),
                Arguments.of("{\"Step\": [\"createSecret\"], " + secret + ", " + token + "}", "Step",
                        "must be a string"),
                Arguments.of("{" + step + ", " + token + "}", "SecretId", "is missing"),
                Arguments.of("{" + step + ", \"SecretId\": \"\", " + token + "}", "SecretId", "is blank"),
                Arguments.of("{" + step + ", \"SecretId\": \" \\t\", " + token + "}", "SecretId", "is blank"),
                Arguments.of("{" + step + ", \"SecretId\": {\"arn\": 1}, " + token + "}", "SecretId",
                        "must be a string"),
                Arguments.of("{" + step + ", " + secret + "}", "ClientRequestToken", "is missing"),
                Arguments.of("{" + step + ", " + secret + ", \"ClientRequestToken\": \"\"}", "ClientRequestToken",
                        "is blank"),
                Arguments.of("{" + step + ", " + secret + ", \"ClientRequestToken\": 7}", "ClientRequestToken",
                        "must be a string"),
                Arguments.of("{" + step + ", " + secret + ", " + token + ", \"RotationToken\": 5}", "RotationToken",
                        "must be a string"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void missingBlankOrNonStringFieldIsRejected(String json, String field, String problem) {
        assertRejected(json, "'" + field + "'", problem);
    }

    @ParameterizedTest
    @CsvSource({"deleteSecret", "CreateSecret", "createsecret", "CREATE_SECRET", "create-secret", "'createSecret '",
        "' createSecret'"})
    void unknownStepIsRejectedWithoutEchoingIt(String step) {
        String json = TestHandler.event(step, ARN, TOKEN, null);
        assertThatThrownBy(() -> handler.invoke(json, null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'Step'")
                .hasMessageContaining("createSecret, setSecret, testSecret, finishSecret")
                .hasMessageNotContaining("\"" + step + "\"");
        verifyNoInteractions(client);
    }

    @ParameterizedTest
    @CsvSource({"createSecret,CREATE_SECRET", "setSecret,SET_SECRET", "testSecret,TEST_SECRET",
        "finishSecret,FINISH_SECRET", "create_secret,CREATE_SECRET", "set_secret,SET_SECRET",
        "test_secret,TEST_SECRET", "finish_secret,FINISH_SECRET"})
    void bothSpellingsOfEveryStepAreAccepted(String name, Step expected) throws Exception {
        RotationEvent event = RotationEvent.read(new ByteArrayInputStream(
                TestHandler.event(name, ARN, TOKEN, null).getBytes(StandardCharsets.UTF_8)));

        assertThat(event.step()).isEqualTo(expected);
        assertThat(Step.parse(name)).isEqualTo(expected);
    }

    @Test
    void streamEntryReadsEveryFieldFromRawJsonIncludingRotationToken() throws Exception {
        RotationEvent event = RotationEvent.read(new ByteArrayInputStream(("{\"Step\": \"setSecret\", \"SecretId\": \""
                + ARN + "\", \"ClientRequestToken\": \"" + TOKEN + "\", \"RotationToken\": \"rt-1\", \"Extra\": 1}")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(event).isEqualTo(new RotationEvent(Step.SET_SECRET, ARN, TOKEN, "rt-1"));
        assertThat(event.hasRotationToken()).isTrue();
    }

    @Test
    void blankRotationTokenCountsAsAbsent() throws Exception {
        RotationEvent event = RotationEvent.read(new ByteArrayInputStream(
                TestHandler.event("setSecret", ARN, TOKEN, " ").getBytes(StandardCharsets.UTF_8)));

        assertThat(event.hasRotationToken()).isFalse();
    }

    @Test
    void streamEntryPassesTheRawRotationTokenToPutSecretValue() {
        FakeSecretsManager sm = spy(new FakeSecretsManager());
        String arn = sm.createSecret("app", "{\"password\":\"p\"}");
        sm.startRotation(arn, TOKEN);
        TestHandler real = new TestHandler(changer, sm);

        real.invoke(TestHandler.event("createSecret", arn, TOKEN, "rt-from-raw-json"), null);

        ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
        verify(sm).putSecretValue(put.capture());
        assertThat(put.getValue().rotationToken()).isEqualTo("rt-from-raw-json");
    }

    @Test
    void typedEntryRunsTheStepAndPassesTheRotationToken() {
        FakeSecretsManager sm = spy(new FakeSecretsManager());
        String arn = sm.createSecret("app", "{\"password\":\"p\"}");
        sm.startRotation(arn, TOKEN);
        TestHandler real = new TestHandler(changer, sm);
        SecretsManagerRotationEvent event = new SecretsManagerRotationEvent("createSecret", arn, TOKEN, "rt-typed");

        real.handle(event, null);

        ArgumentCaptor<PutSecretValueRequest> put = ArgumentCaptor.forClass(PutSecretValueRequest.class);
        verify(sm).putSecretValue(put.capture());
        assertThat(put.getValue().rotationToken()).isEqualTo("rt-typed");
        assertThat(put.getValue().clientRequestToken()).isEqualTo(TOKEN);
    }

    @Test
    void typedEntryRejectsMalformedEventsBeforeAnyCall() {
        assertThatThrownBy(() -> handler.handle((SecretsManagerRotationEvent) null, null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("(event)");
        assertThatThrownBy(() -> handler.handle(new SecretsManagerRotationEvent("rotate", ARN, TOKEN, null), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("'Step'");
        assertThatThrownBy(() -> handler.handle(new SecretsManagerRotationEvent("createSecret", null, TOKEN, null),
                null)).isInstanceOf(InvalidEventException.class).hasMessageContaining("'SecretId' is missing");
        assertThatThrownBy(() -> handler.handle(new SecretsManagerRotationEvent("createSecret", ARN, " ", null),
                null)).isInstanceOf(InvalidEventException.class).hasMessageContaining("'ClientRequestToken' is blank");
        verifyNoInteractions(client);
    }

    @Test
    void toStringMasksTheRotationToken() {
        RotationEvent event = new RotationEvent(Step.CREATE_SECRET, ARN, TOKEN, "rt-secret-value");

        assertThat(event.toString()).contains(ARN, TOKEN, "createSecret", "<masked>")
                .doesNotContain("rt-secret-value");
        assertThat(new RotationEvent(Step.CREATE_SECRET, ARN, TOKEN, null).toString()).contains("absent");
    }

    @Test
    void invalidJsonMessageDoesNotEchoTheInput() {
        String json = "{\"Step\": \"createSecret\", \"RotationToken\": \"rt-echo-check\" oops}";
        assertThatThrownBy(() -> handler.invoke(json, null)).isInstanceOf(InvalidEventException.class)
                .hasMessageNotContaining("rt-echo-check").hasMessageContaining("line 1");
    }

    @Test
    void stepWireNamesRoundTrip() {
        for (Step step : Step.values()) {
            assertThat(Step.parse(step.wireName())).isEqualTo(step);
            assertThat(step.toString()).isEqualTo(step.wireName());
        }
    }
}
