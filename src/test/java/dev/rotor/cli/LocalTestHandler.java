package dev.rotor.cli;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import dev.rotor.RotationHandler;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;

/**
 * A rotation function for {@code rotor rotate} tests, built the way a SAM handler is: a public class with a public
 * no-argument constructor, configured from the environment. Its target is imaginary: setSecret fails when the
 * secret has {@code "refuse": "yes"}, so that a test can see a failed step.
 */
public final class LocalTestHandler extends RotationHandler {
    public LocalTestHandler() {
        super(new CredentialChanger() {
            @Override
            public void apply(RotationContext context) {
                if (context.pending().string("refuse").filter("yes"::equals).isPresent()) {
                    throw new RotationException(ErrorCode.CREDENTIAL_CHANGE_FAILED, "the imaginary target refused"
                            + " the new password (" + context.describe() + ")");
                }
            }

            @Override
            public void verify(RotationContext context) {
                context.pending().requireSecret("password");
            }
        });
    }
}
