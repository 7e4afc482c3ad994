package dev.rotor.spi;

import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.SecretValue;

/**
 * Makes new passwords. The handler's generator makes them in the JVM ({@link PasswordPolicy#generate()}), or calls
 * Secrets Manager's {@code GetRandomPassword} with {@code ROTOR_PASSWORD_SOURCE=secretsmanager}.
 */
@Beta
@FunctionalInterface
public interface PasswordGenerator {
    /** A new password following the policy. */
    SecretValue generate(PasswordPolicy policy);
}
