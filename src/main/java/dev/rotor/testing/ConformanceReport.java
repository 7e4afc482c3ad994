package dev.rotor.testing;

import java.util.List;

/**
 * What a {@link ConformanceCheck} found: the scenarios it ran and every invariant that failed in them. Nothing in
 * it contains secret material (details are scrubbed of every value the local service stored or generated).
 *
 * @param scenarios the scenarios run, in order
 * @param violations each failed invariant, in the order found; empty when the function conforms
 */
public record ConformanceReport(List<String> scenarios, List<Violation> violations) {

    /**
     * One failed invariant.
     *
     * @param scenario the scenario it failed in
     * @param invariant the invariant's name, such as {@code AWSCURRENT logs in}
     * @param detail when and how it failed
     */
    public record Violation(String scenario, String invariant, String detail) {
        @Override
        public String toString() {
            return "[" + scenario + "] " + invariant + ": " + detail;
        }
    }

    public ConformanceReport {
        scenarios = List.copyOf(scenarios);
        violations = List.copyOf(violations);
    }

    /** Whether every invariant held in every scenario. */
    public boolean passed() {
        return violations.isEmpty();
    }

    /** The names of the failed invariants, without duplicates. */
    public List<String> failedInvariants() {
        return violations.stream().map(Violation::invariant).distinct().toList();
    }

    /**
     * Does nothing when the function conforms.
     *
     * @throws AssertionError listing every violation
     */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(toString());
        }
    }

    @Override
    public String toString() {
        if (passed()) {
            return "Conformance check passed: " + scenarios.size() + " scenarios";
        }
        StringBuilder text = new StringBuilder("Conformance check failed: ").append(violations.size())
                .append(" violation(s) in ").append(scenarios.size()).append(" scenarios");
        violations.forEach(v -> text.append("\n  ").append(v));
        return text.toString();
    }
}
