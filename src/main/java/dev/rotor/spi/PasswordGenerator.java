package dev.rotor.spi;

import dev.rotor.secrets.PasswordPolicy;
import dev.rotor.secrets.SecretValue;

/** Makes new passwords. The handler's generator calls Secrets Manager's {@code GetRandomPassword}. */
@Beta
@FunctionalInterface
public interface PasswordGenerator {
    /** A new password following the policy. */
    SecretValue generate(PasswordPolicy policy);
}
