package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretValueTest {
    @Test
    void toStringIsMasked() {
        SecretValue value = SecretValue.of("p@ss-w0rd");

        assertThat(value.toString()).isEqualTo("<masked>");
        assertThat(String.valueOf(value)).doesNotContain("p@ss");
        assertThat("password=" + value).isEqualTo("password=<masked>");
    }

    @Test
    void revealReturnsTheValue() {
        SecretValue value = SecretValue.of("p@ss-w0rd");

        assertThat(value.reveal()).isEqualTo("p@ss-w0rd");
        assertThat(value.length()).isEqualTo(9);
        assertThat(value.isEmpty()).isFalse();
        assertThat(SecretValue.of("").isEmpty()).isTrue();
    }

    @Test
    void equalityComparesValues() {
        assertThat(SecretValue.of("a")).isEqualTo(SecretValue.of("a")).hasSameHashCodeAs(SecretValue.of("b"));
        assertThat(SecretValue.of("a")).isNotEqualTo(SecretValue.of("b")).isNotEqualTo("a");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> SecretValue.of(null)).isInstanceOf(NullPointerException.class);
    }
}
