package dev.rotor.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.rotor.RotationEvent;
import dev.rotor.Step;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A rotation function, as the simulator sees it, that runs every step in a fresh JVM and keeps each child's
 * figures by step. A failed child fails the step.
 */
final class ColdFunction implements RequestStreamHandler {
    /** Starts one child for one event. */
    @FunctionalInterface
    interface Launcher {
        ColdRun.Result launch(byte[] event, Step step);
    }

    private final Launcher launcher;
    private final Map<Step, List<ColdRun.Result>> results = new EnumMap<>(Step.class);

    ColdFunction(Launcher launcher) {
        this.launcher = launcher;
        for (Step step : Step.values()) {
            results.put(step, new ArrayList<>());
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Step step = RotationEvent.read(new ByteArrayInputStream(event)).step();
        results.get(step).add(launcher.launch(event, step));
    }

    Map<Step, List<ColdRun.Result>> results() {
        return results;
    }
}
