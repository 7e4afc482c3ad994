package dev.rotor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates {@code RotationRules} and computes the next rotation date for interval schedules. */
final class RotationSchedule {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final Pattern WINDOW = Pattern.compile("(\\d+)h");

    private RotationSchedule() {
    }

    /**
     * Checks the rules and returns the rotation interval, empty for a {@code cron()} schedule.
     *
     * @throws SecretsManagerError {@code InvalidParameterException} naming the rule at fault
     */
    static Optional<Duration> validate(JsonNode rules) {
        if (!rules.isObject()) {
            throw SecretsManagerError.invalidParameter("RotationRules must be an object");
        }
        JsonNode days = rules.get("AutomaticallyAfterDays");
        JsonNode expression = rules.get("ScheduleExpression");
        JsonNode window = rules.get("Duration");
        if (days != null && expression != null) {
            throw SecretsManagerError.invalidParameter("RotationRules may set AutomaticallyAfterDays or"
                    + " ScheduleExpression, not both");
        }
        Optional<Duration> interval;
        if (days != null) {
            long value = days.asLong(-1);
            if (!days.canConvertToLong() || value < 1 || value > 1000) {
                throw SecretsManagerError.invalidParameter("AutomaticallyAfterDays must be between 1 and 1000");
            }
            interval = Optional.of(Duration.ofDays(value));
        } else if (expression != null) {
            interval = expression(expression.asText());
        } else {
            throw SecretsManagerError.invalidParameter("RotationRules needs AutomaticallyAfterDays or"
                    + " ScheduleExpression");
        }
        if (window != null) {
            Matcher matcher = WINDOW.matcher(window.asText());
            if (!matcher.matches()) {
                throw SecretsManagerError.invalidParameter("Duration must be a number of hours such as 3h");
            }
            long hours = Long.parseLong(matcher.group(1));
            if (hours < 1 || hours > 24) {
                throw SecretsManagerError.invalidParameter("Duration must be between 1h and 24h");
            }
            if (interval.isPresent() && Duration.ofHours(hours).compareTo(interval.get()) >= 0) {
                throw SecretsManagerError.invalidParameter("Duration must end before the next rotation window");
            }
        }
        return interval;
    }

    /** The next rotation after {@code from}, empty for cron schedules (not computed by the local service). */
    static Optional<Instant> next(Optional<Duration> interval, Instant from) {
        return interval.map(from::plus);
    }

    private static Optional<Duration> expression(String text) {
        Matcher rate = RATE.matcher(text);
        if (rate.matches()) {
            long count = Long.parseLong(rate.group(1));
            Duration interval = rate.group(2).startsWith("hour") ? Duration.ofHours(count) : Duration.ofDays(count);
            if (interval.compareTo(Duration.ofHours(4)) < 0 || interval.compareTo(Duration.ofDays(999)) > 0) {
                throw SecretsManagerError.invalidParameter("A rate() schedule must be between 4 hours and 999 days");
            }
            return Optional.of(interval);
        }
        Matcher cron = CRON.matcher(text);
        if (cron.matches()) {
            String[] fields = cron.group(1).trim().split("\\s+");
            if (fields.length != 6) {
                throw SecretsManagerError.invalidParameter("A cron() schedule has six fields: minutes hours"
                        + " day-of-month month day-of-week year");
            }
            if (!fields[0].equals("0")) {
                throw SecretsManagerError.invalidParameter("A cron() schedule must rotate at minute 0");
            }
            if (!fields[5].equals("*")) {
                throw SecretsManagerError.invalidParameter("A cron() schedule's year must be *");
            }
            return Optional.empty();
        }
        throw SecretsManagerError.invalidParameter("ScheduleExpression must be rate(N hours|days) or cron(...)");
    }
}
