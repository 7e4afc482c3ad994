package dev.rotor.postgresql;

import dev.rotor.jdbc.TlsMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS sockets of {@link PostgreSqlEngine}'s connections. pgjdbc instantiates it by name (its {@code sslfactory}
 * property) with the connection's properties; it reads {@code sslmode} and {@code sslrootcert} from them:
 * <ul>
 *   <li>{@code require}: encrypted, and the server's certificate is not checked;</li>
 *   <li>{@code verify-ca}: the certificate must chain to a trusted CA;</li>
 *   <li>{@code verify-full}: and it must name the host connected to (the JDK's HTTPS rules: DNS names and IP
 *       addresses in the subject alternative names), checked during the handshake, so a mismatch is a TLS
 *       failure.</li>
 * </ul>
 * The trusted CAs are the PEM bundle named by {@code sslrootcert}, else the JDK's trust store. Unlike pgjdbc's
 * default factory it never reads {@code ~/.postgresql} (no client certificate, no implicit {@code root.crt}).
 * Public only because pgjdbc needs to construct it; not an API.
 */
public final class PostgreSqlTlsFactory extends SSLSocketFactory {
    /** At most this many trust configurations are kept; a function normally uses one. */
    private static final int CACHED_CONTEXTS = 8;
    private static final Map<Trust, SSLSocketFactory> CONTEXTS = new ConcurrentHashMap<>();

    private final SSLSocketFactory delegate;
    private final boolean verifyHost;

    /**
     * Called by pgjdbc with the connection's properties, once per connection. The TLS context behind it is built
     * once per trust configuration (mode and CA bundle, the bundle's size and modification time included, so a
     * replaced bundle is read again) and shared by the connections of a warm function.
     */
    public PostgreSqlTlsFactory(Properties info) throws GeneralSecurityException, IOException {
        TlsMode mode = TlsMode.parse(info.getProperty("sslmode", "verify-full"), "sslmode");
        String bundle = info.getProperty("sslrootcert");
        Trust trust = Trust.of(mode, bundle == null || bundle.isEmpty() ? null : Path.of(bundle));
        SSLSocketFactory cached = CONTEXTS.get(trust);
        if (cached == null) {
            cached = trust.socketFactory();
            if (CONTEXTS.size() >= CACHED_CONTEXTS) {
                CONTEXTS.clear();
            }
            CONTEXTS.put(trust, cached);
        }
        this.delegate = cached;
        this.verifyHost = mode == TlsMode.VERIFY_FULL;
    }

    /** A trust configuration: whether the server is checked, and against which bundle in which state. */
    private record Trust(boolean checked, Path bundle, long size, long modified) {
        static Trust of(TlsMode mode, Path bundle) throws IOException {
            if (mode == TlsMode.REQUIRE) {
                return new Trust(false, null, 0, 0);
            }
            if (bundle == null) {
                return new Trust(true, null, 0, 0);
            }
            BasicFileAttributes attributes = Files.readAttributes(bundle, BasicFileAttributes.class);
            return new Trust(true, bundle.toAbsolutePath(), attributes.size(),
                    attributes.lastModifiedTime().toMillis());
        }

        SSLSocketFactory socketFactory() throws GeneralSecurityException, IOException {
            TrustManager[] managers = checked ? trustManagers(bundle) : new TrustManager[] {new TrustingManager()};
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers, null);
            return context.getSocketFactory();
        }
    }

    private static TrustManager[] trustManagers(Path bundle) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (bundle == null) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CertificateException("The CA bundle " + bundle + " holds no certificate");
            }
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket configure(Socket socket) {
        if (verifyHost && socket instanceof SSLSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }

    /** sslmode=require: encryption without authentication of the server, as libpq's require without a root CA. */
    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // never used: this is a client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // require mode trusts any certificate by definition; verify-ca and verify-full do not use this
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
