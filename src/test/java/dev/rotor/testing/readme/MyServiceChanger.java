package dev.rotor.testing.readme;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;

/** The README example's single-user changer for {@link Accounts}. */
public record MyServiceChanger(Accounts accounts) implements CredentialChanger {
    @Override
    public void apply(RotationContext context) {
        Secret pending = context.pending();
        if (accounts.logsIn(pending)) {
            return; // a retry after setSecret already succeeded
        }
        if (!accounts.logsIn(context.current())) {
            throw new RotationException(ErrorCode.LOGIN_FAILED, "The current credentials do not log in ("
                    + context.describe() + ")");
        }
        accounts.setPassword(pending.requireString("username"), pending.requireSecret("password").reveal());
    }

    @Override
    public void verify(RotationContext context) {
        if (!accounts.logsIn(context.pending())) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "The pending credentials do not log"
                    + " in (" + context.describe() + ")");
        }
    }
}
