package dev.rotor.jdbc;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import java.util.Locale;

/** How a database connection uses TLS. The default is {@link #VERIFY_FULL}; there is never a silent fallback. */
public enum TlsMode {
    /** Plaintext. Used only when the secret or the configuration says so, with a warning on every connection. */
    DISABLE,
    /** TLS, without checking the server's certificate. */
    REQUIRE,
    /** TLS, with the certificate checked against the trusted CAs, but not the host name. */
    VERIFY_CA,
    /** TLS, with the certificate checked against the trusted CAs and the host name. */
    VERIFY_FULL;

    /** Parses {@code disable}, {@code require}, {@code verify-ca} or {@code verify-full} (any case). */
    public static TlsMode parse(String value, String where) {
        String normalized = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TlsMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new RotationException(ErrorCode.INVALID_CONFIGURATION, where
                + " must be one of disable, require, verify-ca, verify-full");
    }

    /** The lower-case, hyphenated name, as configured. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
