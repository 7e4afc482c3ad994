package dev.rotor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's rules; that a server started with them refuses wrong passwords is proved by the PostgreSQL ITs. */
class PgHbaTest {
    @Test
    void replacesPgHbaConfSoThatOnlyTheBootstrapSuperuserIsTrusted(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve("pg_hba.conf"), "host all all 0.0.0.0/0 trust\n", StandardCharsets.UTF_8);

        PgHba.requirePasswords().accept(data.toFile());

        String rules = Files.readString(data.resolve("pg_hba.conf"), StandardCharsets.UTF_8);
        assertThat(rules).isEqualTo(PgHba.REQUIRE_PASSWORDS).doesNotContain("0.0.0.0/0");
        for (String line : rules.lines().filter(l -> !l.startsWith("#")).toList()) {
            String[] fields = line.trim().split("\\s+");
            assertThat(fields[fields.length - 1]).as(line).isIn("trust", "scram-sha-256");
            if (fields[fields.length - 1].equals("trust")) {
                assertThat(fields[2]).as(line).isEqualTo("postgres");
                assertThat(fields[0].equals("local") || fields[3].matches("127\\.0\\.0\\.1/32|::1/128")).as(line)
                        .isTrue();
            }
        }
        assertThat(rules).contains("host  all all 127.0.0.1/32 scram-sha-256", "local all all scram-sha-256");
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsANamedError(@TempDir Path data) {
        Path missing = data.resolve("no-such-directory");
        assertThatThrownBy(() -> PgHba.write(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.resolve("pg_hba.conf").toString());
    }
}
