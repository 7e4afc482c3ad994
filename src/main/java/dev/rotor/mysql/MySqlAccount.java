package dev.rotor.mysql;

import dev.rotor.secrets.SecretFormatException;
import java.util.Locale;
import java.util.Objects;

/**
 * A MySQL or MariaDB account: a user name and the host it may connect from. {@link #sql()} quotes both as
 * backtick identifiers, which the servers read the same whatever {@code sql_mode} says (no backslash escapes, no
 * ANSI quotes), so a name with quotes, semicolons, backslashes, spaces or non-ASCII characters stays one name.
 *
 * @param user the user name, case-sensitive
 * @param host the host pattern, for example {@code %} or {@code 10.0.%}, compared without case
 */
public record MySqlAccount(String user, String host) {
    public MySqlAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (user.indexOf('\0') >= 0 || host.indexOf('\0') >= 0) {
            throw new SecretFormatException("A MySQL account name cannot contain a NUL character");
        }
    }

    /** {@code `user`@`host`}, with backticks doubled. */
    public String sql() {
        return quote(user) + "@" + quote(host);
    }

    /** The same account under the servers' rules: user names exact, host names without case. */
    public boolean sameAs(MySqlAccount other) {
        return user.equals(other.user) && host.toLowerCase(Locale.ROOT).equals(other.host.toLowerCase(Locale.ROOT));
    }

    /** A backtick-quoted identifier. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return "'" + user + "'@'" + host + "'";
    }
}
