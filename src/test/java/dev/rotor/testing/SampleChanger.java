package dev.rotor.testing;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.secrets.Secret;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;

/** A correct single-user changer for a {@link FakeTarget}: the reference the conformance check must pass. */
class SampleChanger implements CredentialChanger {
    final FakeTarget target;
    private final boolean dualPassword;

    SampleChanger(FakeTarget target) {
        this(target, false);
    }

    SampleChanger(FakeTarget target, boolean dualPassword) {
        this.target = target;
        this.dualPassword = dualPassword;
    }

    @Override
    public void apply(RotationContext context) {
        Secret pending = context.pending();
        if (target.logsIn(pending)) {
            return;
        }
        Secret current = context.current();
        boolean currentWorks = target.logsIn(current);
        if (!currentWorks && context.previous().map(target::logsIn).orElse(false) == Boolean.FALSE) {
            throw new RotationException(ErrorCode.LOGIN_FAILED, "Neither the current nor the previous credentials"
                    + " log in (" + context.describe() + ")");
        }
        target.setPassword(pending.requireString("username"), pending.requireSecret("password").reveal(),
                dualPassword);
    }

    @Override
    public void verify(RotationContext context) {
        target.requireLogin(context.pending(), "the pending password");
    }
}
