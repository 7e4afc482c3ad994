package dev.rotor.bench;

import dev.rotor.tls.TestCertificates;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * HTTPS in front of the local Secrets Manager, for the cold measurements: production's endpoint is HTTPS, so a cold
 * function reads the JDK's trust store and makes a TLS handshake before its first call, and so does the floor. A
 * TLS server socket on loopback (a throw-away CA, RSA 2048, naming {@code 127.0.0.1}) passes every connection's
 * bytes on to the plain-HTTP service. The function processes trust the JDK's own CA certificates plus that CA
 * ({@link #jvmFlags()}), so they read a trust store of the size they read in Lambda.
 */
final class TlsFront implements AutoCloseable {
    private static final String JDK_STORE_PASSWORD = "changeit";

    private final SSLServerSocket server;
    private final int target;
    private final Path trustStore;
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

    private TlsFront(SSLServerSocket server, int target, Path trustStore) {
        this.server = server;
        this.target = target;
        this.trustStore = trustStore;
    }

    /** Starts the front for the plain-HTTP service on {@code targetPort}, with its files in {@code dir}. */
    static TlsFront start(int targetPort, Path dir) {
        try {
            TestCertificates tls = TestCertificates.create(dir, TestCertificates.KeyType.RSA_2048, "ip:127.0.0.1",
                    "dns:localhost");
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(serverKeyStore(tls), TestCertificates.STORE_PASSWORD.toCharArray());
            context.init(keys.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            TlsFront front = new TlsFront(server, targetPort, trustStore(tls, dir));
            Thread acceptor = new Thread(front::accept, "bench-tls-front");
            acceptor.setDaemon(true);
            acceptor.start();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up the benchmark's TLS front", e);
        }
    }

    /** The HTTPS endpoint. */
    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    /** The function JVM's flags that make it trust the front: the JDK's CA certificates plus the front's CA. */
    List<String> jvmFlags() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + TestCertificates.STORE_PASSWORD);
    }

    /** The server's key with its chain: the CA-signed certificate, then the CA. */
    private static KeyStore serverKeyStore(TestCertificates tls) throws IOException, GeneralSecurityException {
        KeyStore generated = KeyStore.getInstance(tls.directory().resolve("server.p12").toFile(),
                TestCertificates.STORE_PASSWORD.toCharArray());
        Key key = generated.getKey("server", TestCertificates.STORE_PASSWORD.toCharArray());
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Certificate server;
        Certificate ca;
        try (InputStream in = Files.newInputStream(tls.serverCertificate())) {
            server = factory.generateCertificate(in);
        }
        try (InputStream in = Files.newInputStream(tls.caCertificate())) {
            ca = factory.generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, TestCertificates.STORE_PASSWORD.toCharArray(), new Certificate[] {server, ca});
        return store;
    }

    /** The JDK's CA certificates and the front's CA, as one PKCS#12 trust store. */
    private static Path trustStore(TestCertificates tls, Path dir) throws IOException, GeneralSecurityException {
        Path jdk = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        KeyStore cacerts = KeyStore.getInstance(jdk.toFile(), JDK_STORE_PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : Collections.list(cacerts.aliases())) {
            if (cacerts.isCertificateEntry(alias)) {
                trust.setCertificateEntry(alias, cacerts.getCertificate(alias));
            }
        }
        try (InputStream in = Files.newInputStream(tls.caCertificate())) {
            trust.setCertificateEntry("rotor-bench-ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        Path file = dir.resolve("bench-truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, TestCertificates.STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                Socket service = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                service.setTcpNoDelay(true);
                open.add(client);
                open.add(service);
                pump(client, service, "bench-tls-in");
                pump(service, client, "bench-tls-out");
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Copies one direction of a connection until it ends, then closes both sockets. */
    private static void pump(Socket from, Socket to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        synchronized (open) {
            for (Socket socket : open) {
                closeQuietly(socket);
            }
        }
    }
}
