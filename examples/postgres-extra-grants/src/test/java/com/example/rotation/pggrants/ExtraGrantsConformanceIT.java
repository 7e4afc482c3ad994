package com.example.rotation.pggrants;

import static dev.rotor.postgresql.PostgreSqlEngine.literal;

import dev.rotor.RotorConfig;
import dev.rotor.jdbc.DatabaseSettings;
import dev.rotor.jdbc.TlsMode;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.ConformanceCheck;
import dev.rotor.testing.ConformanceCheck.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The test kit's conformance check (the fault matrix and its invariants) on the extended changer, against embedded
 * PostgreSQL. {@link Strategy#SINGLE_USER}: the built-in strategy underneath changes the one user's password in
 * setSecret.
 */
class ExtraGrantsConformanceIT {
    @Test
    void theExtendedChangerPassesTheConformanceCheck() {
        try (PostgresFixture pg = PostgresFixture.start()) {
            pg.execute("CREATE SCHEMA reporting", "CREATE TABLE reporting.sales (id int)",
                    "CREATE ROLE conformance_reader LOGIN PASSWORD " + literal("initial-password-1"));
            DatabaseSettings settings = new DatabaseSettings(TlsMode.DISABLE, Optional.empty(), Duration.ofSeconds(5),
                    Duration.ofSeconds(10));

            ConformanceCheck.of(
                            client -> new ReportingGrantsHandler(client, RotorConfig.fromEnvironment(Map.of()),
                                    settings, List.of("reporting")),
                            secret -> pg.canLogin(secret.requireString("username"),
                                    secret.requireSecret("password").reveal()),
                            Strategy.SINGLE_USER)
                    .secret(local -> {
                        String grantor = local.createSecret("db/grantor", Secret.emptyObject()
                                .with("username", PostgresFixture.GRANTOR)
                                .with("password", PostgresFixture.GRANTOR_PASSWORD).toSecretString().reveal());
                        return Secret.emptyObject().with("engine", "postgres").with("host", "127.0.0.1")
                                .with("port", pg.port()).with("username", "conformance_reader")
                                .with("password", "initial-password-1").with("dbname", "postgres")
                                .with("ssl", "false").with("masterarn", grantor).toSecretString().reveal();
                    })
                    .run()
                    .assertPassed();
        }
    }
}
