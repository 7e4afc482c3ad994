package dev.rotor.spi;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The time a step may still take. The handler derives it from the Lambda context's remaining time, less a
 * reserve, so that a slow target fails the step with a clear message instead of being killed by the Lambda
 * timeout. Changers bound every connection attempt and statement with {@link #cap(Duration)} and call
 * {@link #check(String)} between attempts.
 */
@Beta
public final class TimeBudget {
    private final Duration total;
    private final String where;
    private final long deadlineNanos;
    private final long startNanos;
    private final LongSupplier clock;

    private TimeBudget(Duration total, String where, LongSupplier clock) {
        this.total = total.isNegative() ? Duration.ZERO : total;
        this.where = where;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.deadlineNanos = startNanos + this.total.toNanos();
    }

    /** A budget of the given length, starting now. A negative length is an exhausted budget. */
    public static TimeBudget of(Duration total) {
        return new TimeBudget(Objects.requireNonNull(total, "total"), null, System::nanoTime);
    }

    /**
     * A budget of the given length, starting now, whose failure messages name what it is for.
     *
     * @param where what the budget is for, for messages (the handler passes the step, secret ARN and token); may
     *     be null
     */
    public static TimeBudget of(Duration total, String where) {
        return new TimeBudget(Objects.requireNonNull(total, "total"), where, System::nanoTime);
    }

    /** A budget on a given nanosecond clock, for tests. */
    static TimeBudget onClock(Duration total, LongSupplier clock) {
        return new TimeBudget(Objects.requireNonNull(total, "total"), null, clock);
    }

    /** The length the budget started with, never negative. */
    public Duration total() {
        return total;
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - clock.getAsLong()));
    }

    /** The time spent since the budget started. */
    public Duration elapsed() {
        return Duration.ofNanos(clock.getAsLong() - startNanos);
    }

    /** Whether no time is left. */
    public boolean isExhausted() {
        return remaining().isZero();
    }

    /** The smaller of the given timeout and the time left; at least one millisecond. */
    public Duration cap(Duration timeout) {
        Duration left = remaining();
        Duration capped = timeout.compareTo(left) < 0 ? timeout : left;
        return capped.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : capped;
    }

    /**
     * Fails when no time is left.
     *
     * @param what what was about to happen, for the message (for example "connecting to db:5432 as app")
     * @throws RotationException with {@link ErrorCode#TIME_BUDGET_EXCEEDED}
     */
    public void check(String what) {
        if (isExhausted()) {
            throw new RotationException(ErrorCode.TIME_BUDGET_EXCEEDED, "Time budget of " + total.toMillis()
                    + " ms exhausted after " + elapsed().toMillis() + " ms, before " + what
                    + (where == null ? "" : " (" + where + ")")
                    + "; the step stops here so that Lambda does not kill it: raise the function timeout or make the"
                    + " target answer faster");
        }
    }

    @Override
    public String toString() {
        return "TimeBudget{total=" + total.toMillis() + "ms, remaining=" + remaining().toMillis() + "ms}";
    }
}
