package dev.rotor;

import dev.rotor.secrets.Secret;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A changer that records what it was called with and keeps an in-memory "target": the password the target accepts.
 * It uses the default {@link CredentialChanger#createPending}.
 */
class TestChanger implements CredentialChanger {
    final List<String> calls = new ArrayList<>();
    final List<RotationContext> contexts = new ArrayList<>();
    /** The password the target accepts; setSecret changes it to the pending one. */
    String targetPassword;
    String verifiedPassword;
    String replacedPassword;
    Optional<Secret> previousSeen;
    Consumer<RotationContext> onApply = context -> { };
    Consumer<RotationContext> onVerify = context -> { };
    Consumer<RotationContext> onAfterFinish = context -> { };

    TestChanger(String targetPassword) {
        this.targetPassword = targetPassword;
    }

    @Override
    public Secret createPending(RotationContext context) {
        calls.add("createPending");
        contexts.add(context);
        return CredentialChanger.super.createPending(context);
    }

    @Override
    public void apply(RotationContext context) {
        calls.add("apply");
        contexts.add(context);
        onApply.accept(context);
        String pending = context.pending().requireSecret("password").reveal();
        if (pending.equals(targetPassword)) {
            return; // already applied: idempotent
        }
        if (!context.current().requireSecret("password").reveal().equals(targetPassword)) {
            throw new RotationException(ErrorCode.LOGIN_FAILED, "current credentials refused (" + context.describe()
                    + ")");
        }
        targetPassword = pending;
    }

    @Override
    public void verify(RotationContext context) {
        calls.add("verify");
        contexts.add(context);
        onVerify.accept(context);
        String pending = context.pending().requireSecret("password").reveal();
        if (!pending.equals(targetPassword)) {
            throw new RotationException(ErrorCode.CREDENTIAL_TEST_FAILED, "pending credentials refused ("
                    + context.describe() + ")");
        }
        verifiedPassword = pending;
    }

    @Override
    public void afterFinish(RotationContext context) {
        calls.add("afterFinish");
        contexts.add(context);
        replacedPassword = context.current().requireSecret("password").reveal();
        previousSeen = context.previous();
        onAfterFinish.accept(context);
    }
}
