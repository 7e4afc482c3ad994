package dev.rotor.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Where a server keeps the roles an account activates at login, and how they are set. */
enum DefaultRoles {
    /** MySQL 8: {@code mysql.default_roles}, any number of roles, {@code SET DEFAULT ROLE ... TO account}. */
    MYSQL {
        @Override
        List<String> of(Connection session, MySqlAccount account) throws SQLException {
            List<String> roles = new ArrayList<>();
            try (PreparedStatement statement = session.prepareStatement("SELECT DEFAULT_ROLE_USER,"
                    + " DEFAULT_ROLE_HOST FROM mysql.default_roles WHERE USER = ? AND HOST = ? ORDER BY 1, 2")) {
                statement.setString(1, account.user());
                statement.setString(2, account.host());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        roles.add(new MySqlAccount(rows.getString(1), rows.getString(2)).sql());
                    }
                }
            }
            return roles;
        }

        @Override
        String set(MySqlAccount account, List<String> roles) {
            return "SET DEFAULT ROLE " + (roles.isEmpty() ? "NONE" : String.join(", ", roles)) + " TO "
                    + account.sql();
        }
    },
    /** MariaDB: {@code mysql.user.default_role}, one role, {@code SET DEFAULT ROLE role FOR account}. */
    MARIADB {
        @Override
        List<String> of(Connection session, MySqlAccount account) throws SQLException {
            return MySqlEngine.strings(session, "SELECT default_role FROM mysql.user WHERE User = ? AND Host = ?",
                    account.user(), account.host()).stream().filter(role -> role != null && !role.isEmpty())
                    .map(MySqlAccount::quote).toList();
        }

        @Override
        String set(MySqlAccount account, List<String> roles) {
            return "SET DEFAULT ROLE " + (roles.isEmpty() ? "NONE" : roles.get(0)) + " FOR " + account.sql();
        }
    },
    /** No roles (MySQL 5.7). */
    NONE {
        @Override
        List<String> of(Connection session, MySqlAccount account) {
            return List.of();
        }

        @Override
        String set(MySqlAccount account, List<String> roles) {
            throw new UnsupportedOperationException("this server has no default roles");
        }
    };

    /** The account's default roles, each rendered as SQL, in a stable order. */
    abstract List<String> of(Connection session, MySqlAccount account) throws SQLException;

    /** The statement that makes these the account's default roles ({@code NONE} when empty). */
    abstract String set(MySqlAccount account, List<String> roles);
}
