/**
 * What every relational database changer shares: the database secret format of the AWS rotation templates
 * ({@link dev.rotor.jdbc.DatabaseSecret}), TLS modes and timeouts ({@link dev.rotor.jdbc.DatabaseSettings}), login
 * attempts with classified failures ({@link dev.rotor.jdbc.Login}), and the two user strategies
 * ({@link dev.rotor.jdbc.SingleUser}, {@link dev.rotor.jdbc.AlternatingUsers}) that drive a
 * {@link dev.rotor.jdbc.DatabaseEngine}. Engine families live in their own packages.
 */
package dev.rotor.jdbc;
