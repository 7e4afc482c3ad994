/**
 * PostgreSQL and Aurora PostgreSQL: {@link dev.rotor.postgresql.PostgreSqlEngine} (pgjdbc connections, TLS,
 * client-computed SCRAM-SHA-256 verifiers), the alternating-users privilege model
 * ({@code PostgreSqlRoles}: one owner role, its member acting as it), and the two ready-made handlers
 * {@link dev.rotor.postgresql.PostgreSqlSingleUserHandler} and
 * {@link dev.rotor.postgresql.PostgreSqlAlternatingUsersHandler}.
 */
package dev.rotor.postgresql;
