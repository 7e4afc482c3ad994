package dev.rotor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, made at test time with the JDK's
 * {@code keytool} only (no OpenSSL, no key committed to the repository). Every file is PEM, as database servers
 * expect:
 * The keys are EC P-256 (quick to make, accepted by PostgreSQL and MariaDB), or RSA 2048 on request (the key type of
 * Amazon RDS's default CA, rds-ca-rsa2048-g1).
 * <ul>
 *   <li>{@link #caCertificate()}: the CA certificate, the bundle a client trusts (ROTOR_DB_CA_BUNDLE);</li>
 *   <li>{@link #serverCertificate()}: the server's certificate, signed by the CA;</li>
 *   <li>{@link #serverKey()}: the server's private key, unencrypted PKCS#8, readable by the owner only (0600,
 *       which PostgreSQL requires).</li>
 * </ul>
 * {@link #trustStore()} holds the CA certificate as a PKCS#12 trust store (password {@link #STORE_PASSWORD}) for
 * drivers that want one (MySQL Connector/J's {@code trustCertificateKeyStoreUrl}).
 *
 * <pre>{@code
 * TestCertificates tls = TestCertificates.create(tempDir, "dns:localhost");   // valid for localhost only
 * server.ssl(tls.serverCertificate(), tls.serverKey());
 * client.trust(tls.caCertificate());   // verify-full to "localhost" succeeds, to "127.0.0.1" fails
 * }</pre>
 */
public final class TestCertificates {
    /** The password of the PKCS#12 stores in the directory; test material only. */
    public static final String STORE_PASSWORD = "rotor-test-only";

    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /**
     * Creates a CA and a server certificate for the given subject alternative names in a new sub-directory of
     * {@code parent}.
     *
     * @param subjectAltNames keytool SAN entries, for example {@code dns:localhost} or {@code ip:127.0.0.1}; the
     *     first one also gives the certificate's common name
     */
    public static TestCertificates create(Path parent, String... subjectAltNames) {
        return create(parent, KeyType.EC_P256, subjectAltNames);
    }

    /** The key type of the CA and the server. */
    public enum KeyType {
        EC_P256("-keyalg", "EC", "-groupname", "secp256r1"),
        RSA_2048("-keyalg", "RSA", "-keysize", "2048");

        private final List<String> keytoolOptions;

        KeyType(String... keytoolOptions) {
            this.keytoolOptions = List.of(keytoolOptions);
        }
    }

    /** As {@link #create(Path, String...)}, with keys of the given type. */
    public static TestCertificates create(Path parent, KeyType keyType, String... subjectAltNames) {
        if (subjectAltNames.length == 0) {
            throw new IllegalArgumentException("at least one subject alternative name is needed");
        }
        try {
            Path dir = Files.createDirectories(parent.resolve("tls-" + UUID.randomUUID()));
            TestCertificates tls = new TestCertificates(dir);
            tls.generate(keyType, subjectAltNames);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate (PEM): what a verifying client trusts. */
    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    /** The server certificate (PEM), signed by the CA. */
    public Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    /** The server's private key (unencrypted PKCS#8 PEM), with permissions 0600. */
    public Path serverKey() {
        return directory.resolve("server.key");
    }

    /** The CA certificate as a PKCS#12 trust store, password {@link #STORE_PASSWORD}. */
    public Path trustStore() {
        return directory.resolve("truststore.p12");
    }

    /** The directory holding every file. */
    public Path directory() {
        return directory;
    }

    private void generate(KeyType keyType, String[] subjectAltNames) throws IOException {
        Path caStore = directory.resolve("ca.p12");
        Path serverStore = directory.resolve("server.p12");
        Path csr = directory.resolve("server.csr");
        String commonName = subjectAltNames[0].substring(subjectAltNames[0].indexOf(':') + 1);

        keytool(keyType, "-genkeypair", "-alias", "ca", "-validity", "3",
                "-dname", "CN=Rotor Test CA " + directory.getFileName(), "-ext", "bc:c=ca:true",
                "-ext", "ku:c=keyCertSign,cRLSign", "-keystore", caStore.toString());
        keytool(keyType, "-genkeypair", "-alias", "server", "-validity", "3",
                "-dname", "CN=" + commonName, "-keystore", serverStore.toString());
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-infile", csr.toString(),
                "-outfile", serverCertificate().toString(), "-validity", "2",
                "-ext", "san=" + String.join(",", subjectAltNames),
                "-ext", "ku:c=digitalSignature", "-ext", "eku=serverAuth");
        writeCaFiles(caStore);
        writePrivateKey(serverStore);
    }

    private void writeCaFiles(Path caStore) throws IOException {
        try {
            Certificate ca = load(caStore).getCertificate("ca");
            Files.writeString(caCertificate(), pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            try (OutputStream out = Files.newOutputStream(trustStore())) {
                trust.store(out, STORE_PASSWORD.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the CA certificate keytool made", e);
        }
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            return store;
        }
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private void writePrivateKey(Path serverStore) throws IOException {
        try {
            Key key = load(serverStore).getKey("server", STORE_PASSWORD.toCharArray());
            if (!(key instanceof PrivateKey privateKey)) {
                throw new IllegalStateException("keytool made no private key for the server");
            }
            Path keyFile = serverKey();
            Files.createFile(keyFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the server key keytool made", e);
        }
    }

    private void keytool(KeyType keyType, String... arguments) throws IOException {
        List<String> withKey = new ArrayList<>(List.of(arguments));
        withKey.addAll(keyType.keytoolOptions);
        keytool(withKey.toArray(String[]::new));
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(KEYTOOL.toString());
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto")); // a short-lived JVM starts faster
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", STORE_PASSWORD));
        }
        Path log = directory.resolve("keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool " + arguments[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running keytool " + arguments[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed with exit code " + process.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public String toString() {
        return "TestCertificates[" + Objects.toString(directory) + "]";
    }
}
