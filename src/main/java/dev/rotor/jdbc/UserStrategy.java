package dev.rotor.jdbc;

import dev.rotor.secrets.Secret;
import dev.rotor.spi.Beta;
import dev.rotor.spi.RotationContext;

/**
 * Which user a rotation changes: the secret's own ({@link SingleUser}) or its alternate ({@link AlternatingUsers}).
 * Orthogonal to the engine: every strategy works with every {@link DatabaseEngine}.
 */
@Beta
public interface UserStrategy {
    /** createSecret: the pending value. */
    Secret createPending(RotationContext context, DatabaseTarget target);

    /** setSecret: make the pending credentials valid in the database. Idempotent. */
    void apply(RotationContext context, DatabaseTarget target);
}
