package dev.rotor;

/** The four steps of a rotation, in the order Secrets Manager invokes them. */
public enum Step {
    CREATE_SECRET("createSecret", "create_secret"),
    SET_SECRET("setSecret", "set_secret"),
    TEST_SECRET("testSecret", "test_secret"),
    FINISH_SECRET("finishSecret", "finish_secret");

    private final String wireName;
    private final String snakeName;

    Step(String wireName, String snakeName) {
        this.wireName = wireName;
        this.snakeName = snakeName;
    }

    /** The name Secrets Manager sends in the event's {@code Step} field, for example {@code createSecret}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a step name as Secrets Manager sends it ({@code createSecret}) or as the user guide spells
     * it ({@code create_secret}).
     *
     * @throws InvalidEventException when the name is missing, blank or none of the four steps; the message does
     *     not echo the name, which is caller input
     */
    public static Step parse(String name) {
        if (name == null) {
            throw new InvalidEventException("Step", "is missing");
        }
        if (name.isBlank()) {
            throw new InvalidEventException("Step", "is blank");
        }
        for (Step step : values()) {
            if (step.wireName.equals(name) || step.snakeName.equals(name)) {
                return step;
            }
        }
        throw new InvalidEventException("Step", "must be one of createSecret, setSecret, testSecret, finishSecret"
                + " (or create_secret, set_secret, test_secret, finish_secret)");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
