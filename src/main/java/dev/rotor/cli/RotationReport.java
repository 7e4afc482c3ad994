package dev.rotor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.internal.Json;
import dev.rotor.testing.Timeline;
import dev.rotor.testing.Timeline.Entry;
import dev.rotor.testing.Timeline.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One rotation as {@code demo} and {@code rotate} show it: each step invocation with its outcome, duration, the
 * Secrets Manager calls it made and the labels after it, read from the local service's {@link Timeline}. Version
 * ids get short names ({@code v1}, {@code v2}, ...) in order of first appearance. Holds no secret value.
 *
 * @param title what was rotated, for example "single user"
 * @param handler the handler class
 * @param outcome how the rotation ended (SUCCEEDED, FAILED, ...)
 * @param millis how long RotateSecret took, the rotation included
 * @param steps every step invocation, in order
 * @param finalLabels the labels when the rotation ended, by short version name
 * @param versionNames each full version id with its short name
 * @param checks what was verified afterwards (logins)
 */
record RotationReport(String title, String handler, String outcome, long millis, List<StepRecord> steps,
        Map<String, List<String>> finalLabels, Map<String, String> versionNames, List<Check> checks) {

    RotationReport {
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
    }

    /**
     * One step invocation.
     *
     * @param step the step's wire name
     * @param attempt the rotation attempt, from 1
     * @param succeeded whether it returned normally
     * @param millis how long the function ran
     * @param calls the Secrets Manager operations it called, in order, with repeats folded ("GetSecretValue x2")
     * @param labelsAfter the labels after the step, by short version name
     * @param error the failure (exception class, and Rotor's own safe message), empty on success
     */
    record StepRecord(String step, int attempt, boolean succeeded, long millis, List<String> calls,
            Map<String, List<String>> labelsAfter, String error) {
    }

    /**
     * A fact verified after the rotation.
     *
     * @param description what was checked, without any secret value
     * @param passed whether the result was the expected one
     */
    record Check(String description, boolean passed) {
        Check {
            Objects.requireNonNull(description, "description");
        }
    }

    boolean passed() {
        return outcome.equals("SUCCEEDED") && checks.stream().allMatch(Check::passed);
    }

    RotationReport withChecks(List<Check> more) {
        List<Check> all = new ArrayList<>(checks);
        all.addAll(more);
        return new RotationReport(title, handler, outcome, millis, steps, finalLabels, versionNames, all);
    }

    /**
     * Reads the steps of one rotation of {@code secretArn} from the timeline entries after {@code afterSequence}.
     *
     * @param versionOrder the secret's version ids in creation order, so that v1 is the oldest
     * @param versionNames short names given so far; extended with new versions (shared across rotations)
     */
    static RotationReport from(String title, String handler, Timeline timeline, long afterSequence,
            String secretArn, long millis, List<String> versionOrder, Map<String, String> versionNames) {
        versionOrder.forEach(id -> versionNames.computeIfAbsent(id, key -> "v" + (versionNames.size() + 1)));
        List<StepRecord> steps = new ArrayList<>();
        String outcome = "UNKNOWN";
        Map<String, List<String>> finalLabels = Map.of();
        String step = null;
        int attempt = 0;
        List<String> calls = new ArrayList<>();
        Entry result = null;
        for (Entry entry : timeline.entries()) {
            if (entry.sequence() <= afterSequence) {
                continue;
            }
            boolean ours = entry.secret().isEmpty() || entry.secret().equals(secretArn);
            switch (entry.kind()) {
                case STEP_INVOKED -> {
                    step = entry.name();
                    attempt = Integer.parseInt(entry.details().getOrDefault("attempt", "1"));
                    calls = new ArrayList<>();
                    result = null;
                }
                case API_CALL -> {
                    if (step != null && result == null) {
                        calls.add(entry.name());
                    }
                }
                case STEP_SUCCEEDED, STEP_FAILED -> result = entry;
                case LABELS -> {
                    if (step != null && ours) {
                        boolean ok = result != null && result.kind() == Kind.STEP_SUCCEEDED;
                        long ms = result == null ? 0 : Long.parseLong(result.details().getOrDefault("ms", "0"));
                        String error = result == null || ok ? "" : result.details().getOrDefault("error", "failed");
                        steps.add(new StepRecord(step, attempt, ok, ms, fold(calls), named(entry.labels(),
                                versionNames), error));
                        step = null;
                    }
                }
                case ROTATION_ENDED -> {
                    if (ours) {
                        outcome = entry.details().getOrDefault("outcome", "UNKNOWN");
                        finalLabels = named(entry.labels(), versionNames);
                    }
                }
                default -> {
                    // other kinds (API errors, faults) are not part of the step view
                }
            }
        }
        return new RotationReport(title, handler, outcome, millis, steps, finalLabels,
                new LinkedHashMap<>(versionNames), List.of());
    }

    private static List<String> fold(List<String> calls) {
        List<String> folded = new ArrayList<>();
        int i = 0;
        while (i < calls.size()) {
            int j = i;
            while (j < calls.size() && calls.get(j).equals(calls.get(i))) {
                j++;
            }
            folded.add(calls.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return folded;
    }

    private static Map<String, List<String>> named(Map<String, List<String>> labels, Map<String, String> names) {
        Map<String, List<String>> byName = new TreeMap<>();
        labels.forEach((id, list) -> byName.put(names.computeIfAbsent(id, key -> "v" + (names.size() + 1)),
                List.copyOf(list)));
        return byName;
    }

    /** The labels as text, for example {@code v1 AWSPREVIOUS | v2 AWSCURRENT,AWSPENDING}. */
    static String labelText(Map<String, List<String>> labels) {
        List<String> parts = new ArrayList<>();
        labels.forEach((name, list) -> {
            if (!list.isEmpty()) {
                parts.add(name + " " + String.join(",", list));
            }
        });
        return parts.isEmpty() ? "(no labels)" : String.join(" | ", parts);
    }

    /** The rotation as readable lines. */
    String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s (%s): %s in %d ms%n", title, handler, outcome.toLowerCase(java.util.Locale.ROOT),
                millis));
        text.append(String.format("  %-13s %-7s %6s  %-48s %s%n", "step", "result", "ms", "labels after",
                "Secrets Manager calls"));
        for (StepRecord step : steps) {
            text.append(String.format("  %-13s %-7s %6d  %-48s %s%n", step.step()
                    + (step.attempt() > 1 ? " #" + step.attempt() : ""), step.succeeded() ? "ok" : "FAILED",
                    step.millis(), labelText(step.labelsAfter()), String.join(", ", step.calls())));
            if (!step.succeeded()) {
                text.append("      error: ").append(step.error()).append('\n');
            }
        }
        for (Check check : checks) {
            text.append("  [").append(check.passed() ? "ok" : "FAILED").append("] ").append(check.description())
                    .append('\n');
        }
        return text.toString();
    }

    /** The rotation as JSON. */
    ObjectNode json() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("title", title);
        json.put("handler", handler);
        json.put("outcome", outcome);
        json.put("millis", millis);
        ArrayNode stepArray = json.putArray("steps");
        for (StepRecord step : steps) {
            ObjectNode node = stepArray.addObject();
            node.put("step", step.step());
            node.put("attempt", step.attempt());
            node.put("succeeded", step.succeeded());
            node.put("millis", step.millis());
            ArrayNode callArray = node.putArray("calls");
            step.calls().forEach(callArray::add);
            node.set("labelsAfter", Json.MAPPER.valueToTree(step.labelsAfter()));
            if (!step.succeeded()) {
                node.put("error", step.error());
            }
        }
        json.set("finalLabels", Json.MAPPER.valueToTree(finalLabels));
        ArrayNode checkArray = json.putArray("checks");
        for (Check check : checks) {
            checkArray.addObject().put("description", check.description()).put("passed", check.passed());
        }
        json.put("passed", passed());
        return json;
    }
}
