package dev.rotor.cli;

import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.testing.LocalSecretsManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --secret NAME=FILE}: a secret to create on the local service, its value read from a file. */
record SecretFiles(String name, Path file, String value) {
    static final Option OPTION = Option.value("secret", "NAME=FILE",
            "Create secret NAME on the local service with FILE's content (repeatable).");

    /** Parses every {@code --secret} option and reads each file; a value is checked, never printed. */
    static List<SecretFiles> parse(Arguments arguments) {
        List<SecretFiles> secrets = new ArrayList<>();
        for (String value : arguments.values("secret")) {
            int equals = value.indexOf('=');
            if (equals <= 0 || equals == value.length() - 1) {
                throw CliException.usage("Option --secret needs NAME=FILE, for example --secret app/db=secret.json,"
                        + " not '" + value + "'");
            }
            secrets.add(read(value.substring(0, equals), Path.of(value.substring(equals + 1))));
        }
        return secrets;
    }

    private static SecretFiles read(String name, Path file) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failure("Cannot read the value of secret " + name + " from " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        try {
            Secret.parse(value, "file " + file);
        } catch (RotationException e) {
            throw CliException.failure(e.getMessage(), e);
        }
        return new SecretFiles(name, file, value.strip());
    }

    /** Creates the secret on the local service; returns its ARN. */
    String create(LocalSecretsManager local) {
        return local.createSecret(name, value);
    }

    /** Names the secret and its file, never the value. */
    @Override
    public String toString() {
        return "SecretFiles{" + name + "=" + file + ", value=<masked>}";
    }
}
