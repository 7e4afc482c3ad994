package dev.rotor.mysql;

import dev.rotor.ErrorCode;
import dev.rotor.RotationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PEM CA bundle as a PKCS12 trust store file, for MySQL Connector/J, which reads only key stores. The file holds
 * public certificates only, so its fixed password protects nothing and is not a secret. One file per bundle and
 * modification time, in the temporary directory (Lambda's {@code /tmp}), reused across invocations.
 */
final class PemTrustStore {
    static final String TYPE = "PKCS12";
    static final String PASSWORD = "rotor-public-ca-certificates";

    private static final Map<String, PemTrustStore> CACHE = new ConcurrentHashMap<>();

    private final Path path;

    private PemTrustStore(Path path) {
        this.path = path;
    }

    static PemTrustStore of(Path bundle) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(bundle);
        } catch (IOException e) {
            throw invalid(bundle, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return CACHE.computeIfAbsent(bundle.toAbsolutePath() + "@" + modified.toMillis(), key -> create(bundle));
    }

    Path path() {
        return path;
    }

    private static PemTrustStore create(Path bundle) {
        List<Certificate> certificates;
        try (InputStream in = Files.newInputStream(bundle)) {
            certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | GeneralSecurityException e) {
            throw invalid(bundle, "is not a PEM file of X.509 certificates (" + e.getClass().getSimpleName() + ")",
                    e);
        }
        if (certificates.isEmpty()) {
            throw invalid(bundle, "holds no certificate", null);
        }
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            Path file = Files.createTempFile("rotor-ca-", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return new PemTrustStore(file);
        } catch (IOException | GeneralSecurityException e) {
            throw invalid(bundle, "could not be converted to a trust store (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private static RotationException invalid(Path bundle, String problem, Exception cause) {
        return new RotationException(ErrorCode.INVALID_CONFIGURATION, "The CA bundle " + bundle + " " + problem,
                cause);
    }
}
