package dev.rotor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.Secret;
import dev.rotor.secrets.SecretDescription;
import dev.rotor.secrets.SecretStore;
import dev.rotor.secrets.SecretValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a handler instance keeps of a rotation's values, for how long, and when it serves them. */
class VersionValuesTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-AbCdEf";
    private static final String OTHER = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:master-GhIjKl";
    private static final String V1 = "11111111-1111-4111-8111-111111111111";
    private static final String TOKEN = "22222222-2222-4222-8222-222222222222";

    private final AtomicLong now = new AtomicLong(1_000);
    private final VersionValues values = new VersionValues(Duration.ofSeconds(300), now::get);
    private final SecretStore store = mock(SecretStore.class);

    private static Secret secret(String password) {
        return Secret.parse("{\"username\":\"app\",\"password\":\"" + password + "\"}");
    }

    private static SecretDescription described(Map<String, List<String>> stages) {
        return new SecretDescription(ARN, Optional.of(true), stages);
    }

    private static final SecretDescription ROTATING = described(Map.of(V1, List.of("AWSCURRENT"),
            TOKEN, List.of("AWSPENDING")));

    @Test
    void aValueLivesForTheLifetimeFromWhenItWasStored() {
        values.put(ARN, V1, secret("one"));
        now.addAndGet(Duration.ofSeconds(300).toNanos() - 1);
        assertThat(values.get(ARN, V1)).isPresent();
        now.incrementAndGet();
        assertThat(values.get(ARN, V1)).isEmpty();
        assertThat(values.size()).isZero();
    }

    @Test
    void aZeroLifetimeKeepsNothing() {
        VersionValues off = new VersionValues(Duration.ZERO, now::get);
        off.put(ARN, V1, secret("one"));
        off.stored(ARN, TOKEN, "AWSPENDING", secret("two"));
        assertThat(off.size()).isZero();
    }

    @Test
    void valuesAreKeptPerSecretAndVersionAndForgottenPerSecret() {
        values.put(ARN, V1, secret("one"));
        values.put(OTHER, V1, secret("other"));
        assertThat(values.get(ARN, V1).orElseThrow().requireSecret("password").reveal()).isEqualTo("one");
        assertThat(values.get(ARN, TOKEN)).isEmpty();

        values.forget(ARN);

        assertThat(values.get(ARN, V1)).isEmpty();
        assertThat(values.get(OTHER, V1).orElseThrow().requireSecret("password").reveal()).isEqualTo("other");
    }

    @Test
    void theOldestEntryGoesFirstBeyondTheCapacity() {
        for (int i = 0; i <= VersionValues.CAPACITY; i++) {
            values.put(ARN, "v" + i, secret("p" + i));
        }
        assertThat(values.size()).isEqualTo(VersionValues.CAPACITY);
        assertThat(values.get(ARN, "v0")).isEmpty();
        assertThat(values.get(ARN, "v" + VersionValues.CAPACITY)).isPresent();
    }

    @Test
    void aStoredValueIsKeptAsAReadWouldReturnIt() {
        Secret built = secret("new").with("port", 5432);
        values.stored(ARN, TOKEN, "AWSPENDING", built);
        Secret kept = values.get(ARN, TOKEN).orElseThrow();
        assertThat(kept).isEqualTo(Secret.parse(built.toSecretString().reveal()));
        assertThat(kept.integer("port")).contains(5432);

        values.stored(ARN, "plain", "AWSPENDING", Secret.parse("not json"));
        assertThat(values.get(ARN, "plain").orElseThrow().plainText().reveal()).isEqualTo("not json");
    }

    @Test
    void aStoredStringThatAReadCouldNotParseIsNotKept() {
        values.stored(ARN, TOKEN, "AWSPENDING", Secret.plain(SecretValue.of("{not json")));
        assertThat(values.get(ARN, TOKEN)).isEmpty();
    }

    @Test
    void aReadIsKeptUnderTheVersionTheServiceNamedAndServedWhileTheDescriptionAgrees() {
        when(store.version(ARN, null, "AWSCURRENT")).thenReturn(Optional.of(new SecretStore.Version(V1,
                secret("one"))));
        StepContext.Source source = values.over(store, ROTATING, false);

        assertThat(source.value(ARN, null, "AWSCURRENT")).contains(secret("one"));
        assertThat(source.value(ARN, null, "AWSCURRENT")).contains(secret("one"));
        assertThat(values.over(store, ROTATING, false).value(ARN, V1, "AWSCURRENT")).contains(secret("one"));

        verify(store, times(1)).version(any(), any(), any());
    }

    @Test
    void aValueIsNotServedWhenTheStepsDescriptionPutsTheLabelElsewhere() {
        values.put(ARN, V1, secret("one"));
        values.put(ARN, TOKEN, secret("two"));
        SecretDescription rolledBack = described(Map.of("v0", List.of("AWSCURRENT"), V1, List.of("AWSPREVIOUS"),
                TOKEN, List.of()));
        when(store.version(ARN, null, "AWSCURRENT")).thenReturn(Optional.of(new SecretStore.Version("v0",
                secret("zero"))));
        StepContext.Source source = values.over(store, rolledBack, false);

        assertThat(source.value(ARN, null, "AWSCURRENT")).contains(secret("zero"));
        assertThat(source.value(ARN, TOKEN, "AWSPENDING")).isEmpty();
        assertThat(source.hasValue(ARN, TOKEN, "AWSPENDING")).isFalse();

        verify(store).version(ARN, TOKEN, "AWSPENDING");
        verify(store).hasValue(ARN, TOKEN, "AWSPENDING");
    }

    @Test
    void theAbsenceOfAValueIsNeverKept() {
        when(store.hasValue(ARN, TOKEN, "AWSPENDING")).thenReturn(false, true);
        StepContext.Source source = values.over(store, ROTATING, false);

        assertThat(source.hasValue(ARN, TOKEN, "AWSPENDING")).isFalse();
        assertThat(source.hasValue(ARN, TOKEN, "AWSPENDING")).isTrue();
        assertThat(source.value(ARN, TOKEN, "AWSPENDING")).isEmpty();
        values.stored(ARN, TOKEN, "AWSPENDING", secret("two"));
        assertThat(source.hasValue(ARN, TOKEN, "AWSPENDING")).isTrue();
        assertThat(source.value(ARN, TOKEN, "AWSPENDING")).contains(secret("two"));

        verify(store, times(2)).hasValue(ARN, TOKEN, "AWSPENDING");
        verify(store, times(1)).version(ARN, TOKEN, "AWSPENDING");
    }

    @Test
    void anotherSecretsValueIsReadEveryTimeAndNotKept() {
        when(store.version(OTHER, null, "AWSCURRENT")).thenReturn(Optional.of(new SecretStore.Version(V1,
                secret("master"))));
        StepContext.Source source = values.over(store, ROTATING, false);

        source.value(OTHER, null, "AWSCURRENT");
        source.value(OTHER, null, "AWSCURRENT");

        verify(store, times(2)).version(OTHER, null, "AWSCURRENT");
        assertThat(values.size()).isZero();
    }

    @Test
    void passwordsComeFromTheStoreOrAreMadeHere() {
        when(store.randomPassword(any(), any())).thenReturn(SecretValue.of("generated"));
        PasswordPolicy policy = PasswordPolicy.DEFAULT;
        assertThat(values.over(store, ROTATING, false).randomPassword(policy, ARN).reveal()).isEqualTo("generated");
        assertThat(values.over(store, ROTATING, true).randomPassword(policy, ARN).reveal()).hasSize(32)
                .isNotEqualTo("generated");
        verify(store, times(1)).randomPassword(any(), any());
        verify(store, never()).version(any(), any(), any());
    }

    @Test
    void toStringPrintsNoValue() {
        values.put(ARN, V1, secret("Sup3rSecretValue"));
        assertThat(values.toString()).doesNotContain("Sup3rSecretValue").doesNotContain("password");
    }
}
