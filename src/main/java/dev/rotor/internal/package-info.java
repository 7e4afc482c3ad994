/** Rotor's internals. Nothing here carries a compatibility promise; do not depend on it. */
package dev.rotor.internal;
