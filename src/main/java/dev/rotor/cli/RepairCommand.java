package dev.rotor.cli;

import static dev.rotor.secrets.SecretDescription.AWSPENDING;

import dev.rotor.cli.RotationState.Repair;
import dev.rotor.cli.RotationState.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code rotor repair}: removes a stale AWSPENDING label, the one repair that is always safe. It never moves or
 * removes AWSCURRENT (nor AWSPREVIOUS), and without {@code --confirm} it only says what it would do.
 */
final class RepairCommand implements Command {
    private final Function<Arguments, SecretsManagerClient> clients;

    RepairCommand() {
        this(Clients::secretsManager);
    }

    /** With another way to build the client, for tests. */
    RepairCommand(Function<Arguments, SecretsManagerClient> clients) {
        this.clients = clients;
    }

    @Override
    public String name() {
        return "repair";
    }

    @Override
    public String summary() {
        return "Remove a stale AWSPENDING (only with --confirm); never touches AWSCURRENT.";
    }

    @Override
    public String description() {
        return """
                Inspects the secret like 'rotor inspect'. When AWSPENDING is on a version without AWSCURRENT
                (a rotation that did not complete, which makes every later RotateSecret fail), it removes
                AWSPENDING from that version with UpdateSecretVersionStage. The version and its value are kept.
                Nothing else changes: AWSCURRENT and AWSPREVIOUS stay where they are.

                Without --confirm it prints the plan and changes nothing (exit 3). With --confirm it also needs
                --version-id, the version 'rotor inspect' reported, and refuses if the labels changed since.

                Exit codes: 0 repaired or nothing to repair, 3 repair needed (not confirmed, or not one rotor can
                do), 1 failure, 2 bad options.

                Example:
                  rotor repair --secret-id prod/orders/db --version-id 5f0c...e2 --confirm""";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        options.add(Option.required("secret-id", "ID", "The secret's name or ARN."));
        options.addAll(Clients.OPTIONS);
        options.add(Option.value("version-id", "ID", "The version to take AWSPENDING from (as inspect reported)."));
        options.add(Option.flag("confirm", "Really change the labels; without it nothing changes."));
        return options;
    }

    @Override
    public int run(Arguments arguments, Console console) {
        String secretId = arguments.require("secret-id");
        try (SecretsManagerClient client = clients.apply(arguments)) {
            RotationInspector inspector = new RotationInspector(client);
            RotationState state = inspector.inspect(secretId);
            String command = StateReport.repairCommand(state, secretId, arguments.url("endpoint"),
                    arguments.value("region"));
            Optional<Repair> plan = state.repair();
            if (plan.isEmpty()) {
                console.println("Nothing to repair: " + StateReport.describe(state) + ".");
                if (!state.verdict().legal()) {
                    state.findings().forEach(finding -> console.println("  - " + finding));
                    return ExitCodes.NEEDS_REPAIR;
                }
                return ExitCodes.OK;
            }
            Repair repair = plan.get();
            Optional<String> asked = arguments.value("version-id");
            if (asked.isPresent() && !asked.get().equals(repair.versionId())) {
                throw CliException.failure("AWSPENDING is on version " + repair.versionId() + ", not "
                        + asked.get() + ": the labels changed since you inspected them; nothing changed, run"
                        + " 'rotor inspect' again", null);
            }
            String current = state.currentVersion().orElseThrow();
            if (!arguments.has("confirm")) {
                console.println("Would remove AWSPENDING from version " + repair.versionId() + " (labels "
                        + repair.labelsBefore() + "). AWSCURRENT stays on version " + current + ".");
                state.findings().forEach(finding -> console.println("  - " + finding));
                console.println("Nothing changed. To apply:\n  " + command);
                return ExitCodes.NEEDS_REPAIR;
            }
            if (asked.isEmpty()) {
                throw CliException.usage("'rotor repair --confirm' also needs --version-id " + repair.versionId()
                        + " (the version to take AWSPENDING from), so that only the inspected label moves");
            }
            console.progress("removing AWSPENDING from version " + repair.versionId() + " of " + state.arn());
            try {
                client.updateSecretVersionStage(b -> b.secretId(state.arn()).versionStage(AWSPENDING)
                        .removeFromVersionId(repair.versionId()));
            } catch (SdkException e) {
                throw CliException.failure("UpdateSecretVersionStage failed for secret '" + secretId + "': "
                        + AwsErrors.describe(e) + "; nothing changed", e);
            }
            RotationState after = inspector.inspect(secretId);
            List<String> labelsAfter = after.versions().stream().filter(v -> v.id().equals(repair.versionId()))
                    .findFirst().map(Version::labels).orElse(List.of());
            console.println("Changed: removed AWSPENDING from version " + repair.versionId() + "; its labels were "
                    + repair.labelsBefore() + ", now " + labelsAfter + (labelsAfter.isEmpty() ? " (deprecated; the"
                    + " value stays readable by its VersionId)" : "") + ".");
            console.println("Unchanged: AWSCURRENT on version " + after.currentVersion().orElse("(none)") + ".");
            console.println("State now: " + StateReport.describe(after) + ".");
            if (!after.currentVersion().equals(Optional.of(current)) || !after.verdict().legal()) {
                throw CliException.failure("after the repair the labels are not as expected (AWSCURRENT on "
                        + after.currentVersion().orElse("no version") + ", state " + after.verdict()
                        + "): someone else is changing this secret; run 'rotor inspect'", null);
            }
            return ExitCodes.OK;
        }
    }
}
