package dev.rotor.cli;

import dev.rotor.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@code rotor inspect}: reports a secret's rotation state and the safe repair. Changes nothing. */
final class InspectCommand implements Command {
    private final Function<Arguments, SecretsManagerClient> clients;

    InspectCommand() {
        this(Clients::secretsManager);
    }

    /** With another way to build the client, for tests. */
    InspectCommand(Function<Arguments, SecretsManagerClient> clients) {
        this.clients = clients;
    }

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "Report a secret's rotation state (labels, stuck rotation, pending value) and the safe repair.";
    }

    @Override
    public String description() {
        return """
                Works against any Secrets Manager endpoint: real AWS with the default credential chain, or a
                local one (--endpoint http://localhost:PORT, which gets dummy credentials). Reads DescribeSecret
                and ListSecretVersionIds; when AWSPENDING is on a version without AWSCURRENT, one GetSecretValue
                tells whether that version has a value (the value is never printed). Changes nothing.

                Exit codes: 0 the labels are in a legal state, 3 a repair is needed, 1 failure, 2 bad options.

                Example:
                  rotor inspect --secret-id prod/orders/db --region eu-west-1""";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        options.add(Option.required("secret-id", "ID", "The secret's name or ARN."));
        options.addAll(Clients.OPTIONS);
        options.add(Option.flag("json", "Print the state as one JSON document."));
        return options;
    }

    @Override
    public int run(Arguments arguments, Console console) throws Exception {
        String secretId = arguments.require("secret-id");
        try (SecretsManagerClient client = clients.apply(arguments)) {
            RotationState state = new RotationInspector(client).inspect(secretId);
            String repair = StateReport.repairCommand(state, secretId, arguments.url("endpoint"),
                    arguments.value("region"));
            if (arguments.has("json")) {
                console.println(Json.MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(StateReport.json(state, repair)));
            } else {
                console.out().print(StateReport.text(state, repair));
            }
            return state.verdict().legal() ? ExitCodes.OK : ExitCodes.NEEDS_REPAIR;
        }
    }
}
