package dev.rotor.example;

import dev.rotor.secrets.Secret;
import dev.rotor.spi.CredentialChanger;
import dev.rotor.spi.RotationContext;

// The README's "Writing a rotation function" example, kept here so that it compiles and runs (ReadmeExampleTest).
// Keep this copy and the README identical.
/** Rotates an API key that the key service issues itself. The secret is {"client": "...", "apiKey": "..."}. */
public record ApiKeyChanger(KeyService keys) implements CredentialChanger {
    @Override
    public Secret createPending(RotationContext ctx) {      // createSecret: the service issues a new key; the token
        String client = ctx.current().requireString("client"); // makes a retried issue return the same key
        return ctx.current().with("apiKey", keys.issue(client, ctx.token()));
    }

    @Override
    public void apply(RotationContext ctx) {                // setSecret: an issued key is valid already
    }

    @Override
    public void verify(RotationContext ctx) {               // testSecret: prove the key works, change nothing
        keys.check(ctx.pending().requireSecret("apiKey"));
    }

    @Override
    public void afterFinish(RotationContext ctx) {          // after finishSecret: revoke the replaced key
        keys.revoke(ctx.current().requireSecret("apiKey"));
    }
}
