package dev.rotor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget on a fake clock: no test here depends on real time. */
class TimeBudgetTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void remainingShrinksWithTheClockAndNeverGoesNegative() {
        TimeBudget budget = TimeBudget.onClock(Duration.ofSeconds(10), nanos::get);

        advance(Duration.ofSeconds(4));
        assertThat(budget.remaining()).isEqualTo(Duration.ofSeconds(6));
        assertThat(budget.elapsed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(budget.isExhausted()).isFalse();

        advance(Duration.ofSeconds(7));
        assertThat(budget.remaining()).isZero();
        assertThat(budget.isExhausted()).isTrue();
        assertThat(budget.total()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void capIsTheSmallerOfTimeoutAndRemainingAndAtLeastOneMillisecond() {
        TimeBudget budget = TimeBudget.onClock(Duration.ofSeconds(10), nanos::get);

        assertThat(budget.cap(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        advance(Duration.ofSeconds(8));
        assertThat(budget.cap(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
        advance(Duration.ofSeconds(8));
        assertThat(budget.cap(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void checkPassesWhileTimeIsLeft() {
        TimeBudget budget = TimeBudget.onClock(Duration.ofSeconds(1), nanos::get);

        advance(Duration.ofMillis(999));
        budget.check("connecting");
    }

    @Test
    void exhaustedBudgetFailsWithTimeBudgetExceededAndAClearMessage() {
        TimeBudget budget = TimeBudget.onClock(Duration.ofSeconds(3), nanos::get);
        advance(Duration.ofMillis(3_250));

        assertThatThrownBy(() -> budget.check("connecting to db:5432 as app"))
                .isInstanceOf(RotationException.class)
                .satisfies(e -> assertThat(((RotationException) e).errorCode())
                        .isEqualTo(ErrorCode.TIME_BUDGET_EXCEEDED))
                .hasMessageContaining("3000 ms").hasMessageContaining("3250 ms")
                .hasMessageContaining("connecting to db:5432 as app")
                .hasMessageContaining("raise the function timeout");
    }

    @Test
    void negativeTotalIsAnExhaustedBudget() {
        TimeBudget budget = TimeBudget.of(Duration.ofMillis(-500));

        assertThat(budget.total()).isZero();
        assertThat(budget.isExhausted()).isTrue();
        assertThatThrownBy(() -> budget.check("anything")).isInstanceOf(RotationException.class);
    }

    @Test
    void describedBudgetNamesWhatItIsFor() {
        TimeBudget budget = TimeBudget.of(Duration.ZERO, "step setSecret of secret arn:x, token t-1");

        assertThatThrownBy(() -> budget.check("logging in"))
                .hasMessageContaining("step setSecret of secret arn:x, token t-1");
        assertThat(budget.toString()).contains("total=0ms");
    }
}
