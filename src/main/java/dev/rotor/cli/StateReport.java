package dev.rotor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.cli.RotationState.Version;
import dev.rotor.internal.Json;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders a {@link RotationState} as text or JSON, with the exact {@code rotor repair} command line. */
final class StateReport {
    private StateReport() {
    }

    /** The command that performs the repair, with the same endpoint and region as the inspection. */
    static String repairCommand(RotationState state, String secretId, Optional<URI> endpoint, Optional<String> region) {
        List<String> words = new ArrayList<>(List.of("rotor", "repair", "--secret-id", quote(secretId)));
        endpoint.ifPresent(uri -> words.addAll(List.of("--endpoint", quote(uri.toString()))));
        region.ifPresent(r -> words.addAll(List.of("--region", quote(r))));
        state.repair().ifPresent(repair -> words.addAll(List.of("--version-id", quote(repair.versionId()))));
        words.add("--confirm");
        return String.join(" ", words);
    }

    static String text(RotationState state, String repairCommand) {
        StringBuilder text = new StringBuilder();
        text.append("Secret:        ").append(state.name()).append('\n');
        text.append("ARN:           ").append(state.arn()).append('\n');
        text.append("Rotation:      ").append(state.rotationEnabled().map(on -> on ? "enabled" : "disabled")
                .orElse("never configured"))
                .append(state.rotationLambdaArn().map(arn -> " (function " + arn + ")").orElse("")).append('\n');
        text.append("Last rotated:  ").append(state.lastRotated().map(Instant::toString).orElse("never"))
                .append('\n');
        state.nextRotation().ifPresent(next -> text.append("Next rotation: ").append(next).append('\n'));
        state.deletion().ifPresent(date -> text.append("Deletion:      scheduled, ").append(date).append('\n'));
        text.append("Versions (newest first):\n");
        for (Version version : state.versions()) {
            text.append(String.format("  %-38s %-32s %s%n", version.id(),
                    version.labels().isEmpty() ? "(no labels: deprecated)" : String.join(",", version.labels()),
                    version.created().map(created -> "created " + created).orElse("")));
        }
        text.append("State:         ").append(describe(state)).append('\n');
        state.findings().forEach(finding -> text.append("  - ").append(finding).append('\n'));
        if (state.repair().isPresent()) {
            text.append("Safe repair:   remove AWSPENDING from version ").append(state.repair().get().versionId())
                    .append(" (AWSCURRENT is not touched):\n  ").append(repairCommand).append('\n');
        } else {
            text.append("Repair:        ").append(state.verdict().legal() ? "none needed"
                    : "none that rotor can do safely (see above)").append('\n');
        }
        return text.toString();
    }

    static ObjectNode json(RotationState state, String repairCommand) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("name", state.name());
        json.put("arn", state.arn());
        state.rotationEnabled().ifPresentOrElse(on -> json.put("rotationEnabled", on),
                () -> json.putNull("rotationEnabled"));
        json.put("rotationLambdaArn", state.rotationLambdaArn().orElse(null));
        json.put("lastRotated", state.lastRotated().map(Instant::toString).orElse(null));
        json.put("nextRotation", state.nextRotation().map(Instant::toString).orElse(null));
        json.put("deletionDate", state.deletion().map(Instant::toString).orElse(null));
        ArrayNode versions = json.putArray("versions");
        for (Version version : state.versions()) {
            ObjectNode node = versions.addObject();
            node.put("versionId", version.id());
            version.labels().forEach(node.putArray("labels")::add);
            if (version.labels().isEmpty()) {
                node.putArray("labels");
            }
            node.put("created", version.created().map(Instant::toString).orElse(null));
        }
        json.put("currentVersion", state.currentVersion().orElse(null));
        json.put("pendingVersion", state.pendingVersion().orElse(null));
        json.put("pendingValue", state.pendingValue().name());
        json.put("state", state.verdict().name());
        json.put("legal", state.verdict().legal());
        state.findings().forEach(json.putArray("findings")::add);
        if (state.repair().isPresent()) {
            ObjectNode repair = json.putObject("repair");
            repair.put("action", "remove AWSPENDING");
            repair.put("versionId", state.repair().get().versionId());
            repair.put("command", repairCommand);
        } else {
            json.putNull("repair");
        }
        return json;
    }

    static String describe(RotationState state) {
        return switch (state.verdict()) {
            case NO_ROTATION_IN_PROGRESS -> "OK - no rotation in progress";
            case PENDING_ON_CURRENT -> "OK - AWSPENDING on the current version";
            case STUCK -> "STUCK - AWSPENDING on a version without AWSCURRENT (pending value: "
                    + state.pendingValue().name().toLowerCase(java.util.Locale.ROOT) + ")";
            case NO_CURRENT_VERSION -> "BROKEN - no version carries AWSCURRENT";
        };
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9._/:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
