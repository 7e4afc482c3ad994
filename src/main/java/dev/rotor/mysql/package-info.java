/**
 * MySQL, Aurora MySQL and MariaDB: {@link dev.rotor.mysql.MySqlEngine} (MySQL Connector/J) and its refinement
 * {@link dev.rotor.mysql.MariaDbEngine} (MariaDB Connector/J), and the ready-made handlers
 * {@link dev.rotor.mysql.MySqlSingleUserHandler}, {@link dev.rotor.mysql.MySqlAlternatingUsersHandler},
 * {@link dev.rotor.mysql.MariaDbSingleUserHandler} and {@link dev.rotor.mysql.MariaDbAlternatingUsersHandler}
 * that a SAM {@code Handler:} names directly. The alternating-users strategy copies grants with
 * {@code GrantCopier}, which reads {@code SHOW GRANTS} with a tokenizer instead of splitting its text, and the
 * account attributes (authentication plugin, TLS requirement, resource limits) with {@code AccountAttributes}, from
 * the grant tables' columns.
 */
package dev.rotor.mysql;
