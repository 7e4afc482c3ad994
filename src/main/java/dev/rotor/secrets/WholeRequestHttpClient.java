package dev.rotor.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the SDK's UrlConnection client over {@link WholeRequestConnection}s, with the timeouts the SDK would give
 * its own (the service's defaults, then the SDK's global ones) unless a socket timeout is given. TLS is the JDK's
 * default context, as the UrlConnection client's own is without trust or key manager settings. Used only where no
 * proxy is configured: proxies stay with the SDK's own connection set-up ({@link SecretsManagerClients}).
 */
final class WholeRequestHttpClient implements SdkHttpClient.Builder<WholeRequestHttpClient> {
    private final Duration socketTimeout;

    /** @param socketTimeout the read timeout, or null for the SDK's */
    WholeRequestHttpClient(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
        AttributeMap options = serviceDefaults.merge(SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS);
        Duration read = socketTimeout != null ? socketTimeout : options.get(SdkHttpConfigurationOption.READ_TIMEOUT);
        return UrlConnectionHttpClient.create(new Factory(millis(options.get(
                SdkHttpConfigurationOption.CONNECTION_TIMEOUT)), millis(read)));
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** One JDK connection per request, wrapped; the JDK keeps the sockets alive between them. */
    private static final class Factory implements UrlConnectionFactory {
        private final int connectTimeout;
        private final int readTimeout;

        Factory(int connectTimeout, int readTimeout) {
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
        }

        @Override
        public HttpURLConnection createConnection(URI uri) {
            try {
                HttpURLConnection jdk = (HttpURLConnection) uri.toURL().openConnection();
                jdk.setConnectTimeout(connectTimeout);
                jdk.setReadTimeout(readTimeout);
                return new WholeRequestConnection(jdk);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a connection to " + uri.getHost(), e);
            }
        }
    }
}
