package com.example.rotation.pggrants;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.RotationHandler;
import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates a PostgreSQL secret (single user) and renews the user's read access to the schemas listed in
 * {@code EXTRA_GRANT_SCHEMAS} (comma-separated, for example {@code reporting,analytics}). In SAM:
 * {@code Handler: com.example.rotation.pggrants.ReportingGrantsHandler::handleRequest}. The other settings are
 * Rotor's ({@link RotorConfig}, {@link DatabaseSettings}).
 */
public final class ReportingGrantsHandler extends RotationHandler {
    /** The environment variable that lists the schemas. */
    public static final String SCHEMAS_VARIABLE = "EXTRA_GRANT_SCHEMAS";

    /** Configured from the environment (Lambda). */
    public ReportingGrantsHandler() {
        super(new ExtraGrantsChanger(DatabaseSettings.fromEnvironment(), schemas(System.getenv())));
    }

    /** With a given client, configuration and schemas, for tests. */
    public ReportingGrantsHandler(SecretsManagerClient client, RotorConfig config, DatabaseSettings settings,
            List<String> schemas) {
        super(new ExtraGrantsChanger(settings, schemas), client, config);
    }

    /** Reads {@value #SCHEMAS_VARIABLE}: schema names separated by commas, blanks around them ignored. */
    static List<String> schemas(Map<String, String> env) {
        String raw = env.get(SCHEMAS_VARIABLE);
        if (raw == null || raw.isBlank()) {
            throw new RotationException(ErrorCode.INVALID_CONFIGURATION, SCHEMAS_VARIABLE + " must list the schemas"
                    + " to grant read access on, separated by commas");
        }
        return Arrays.stream(raw.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }
}
