package dev.rotor.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wrapper changes the streaming modes only; everything else reaches the JDK's connection. */
class WholeRequestConnectionTest {
    private static HttpURLConnection jdk() throws Exception {
        HttpURLConnection jdk = mock(HttpURLConnection.class);
        when(jdk.getURL()).thenReturn(new URL("https://secretsmanager.us-east-1.amazonaws.com/"));
        return jdk;
    }

    @Test
    void overridesEveryMethodAConnectionCanOverride() {
        // a method added to HttpURLConnection by a later JDK would otherwise act on the unused superclass state
        List<String> missing = new ArrayList<>();
        for (Class<?> type : List.of(HttpURLConnection.class, URLConnection.class)) {
            for (Method method : type.getDeclaredMethods()) {
                int modifiers = method.getModifiers();
                if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
                    continue;
                }
                try {
                    WholeRequestConnection.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void neverStreamsTheBody() throws Exception {
        HttpURLConnection jdk = jdk();
        WholeRequestConnection connection = new WholeRequestConnection(jdk);
        connection.setFixedLengthStreamingMode(42L);
        connection.setFixedLengthStreamingMode(42);
        connection.setChunkedStreamingMode(1024);
        verify(jdk, never()).setFixedLengthStreamingMode(anyLong());
        verify(jdk, never()).setFixedLengthStreamingMode(anyInt());
        verify(jdk, never()).setChunkedStreamingMode(anyInt());
    }

    @Test
    void everythingElseIsTheJdkConnections() throws Exception {
        HttpURLConnection jdk = jdk();
        when(jdk.getResponseCode()).thenReturn(400);
        when(jdk.getHeaderField("x-amzn-ErrorType")).thenReturn("ResourceNotFoundException");
        WholeRequestConnection connection = new WholeRequestConnection(jdk);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("X-Amz-Target", "secretsmanager.GetSecretValue");
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(30_000);
        connection.connect();
        connection.getOutputStream();
        assertThat(connection.getResponseCode()).isEqualTo(400);
        assertThat(connection.getHeaderField("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
        connection.getErrorStream();
        connection.disconnect();
        verify(jdk).setRequestMethod("POST");
        verify(jdk).setDoOutput(true);
        verify(jdk).setRequestProperty("X-Amz-Target", "secretsmanager.GetSecretValue");
        verify(jdk).setConnectTimeout(2_000);
        verify(jdk).setReadTimeout(30_000);
        verify(jdk).connect();
        verify(jdk).getOutputStream();
        verify(jdk).getErrorStream();
        verify(jdk).disconnect();
        assertThat(connection.getURL()).isEqualTo(jdk.getURL());
    }
}
