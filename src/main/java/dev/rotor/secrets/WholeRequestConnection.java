package dev.rotor.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.security.Permission;
import java.util.List;
import java.util.Map;

/**
 * The JDK's HTTP connection, with one change: the request body is never streamed. The SDK's UrlConnection client
 * asks for fixed-length streaming of every request body, and for a streamed POST on a kept-alive connection the JDK
 * first probes the connection with a read that waits 1 ms (a streamed body cannot be sent again if the server has
 * closed the connection meanwhile). Every Secrets Manager call is such a POST. Buffered, the body is sent after the
 * headers without the probe, and a connection found closed is replaced and the request sent again, once, by the
 * JDK. Secrets Manager's requests are small JSON documents, so the buffer costs nothing. Everything else is the JDK
 * connection's own behaviour.
 */
final class WholeRequestConnection extends HttpURLConnection {
    private final HttpURLConnection jdk;

    WholeRequestConnection(HttpURLConnection jdk) {
        super(jdk.getURL());
        this.jdk = jdk;
    }

    /** Not streamed: the JDK buffers the body. */
    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        // buffered instead
    }

    /** Not streamed: the JDK buffers the body. */
    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        // buffered instead
    }

    /** Not streamed: the JDK buffers the body. */
    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        // buffered instead
    }

    @Override
    public void setAuthenticator(Authenticator authenticator) {
        jdk.setAuthenticator(authenticator);
    }

    @Override
    public URL getURL() {
        return jdk.getURL();
    }

    @Override
    public void connect() throws IOException {
        jdk.connect();
    }

    @Override
    public void disconnect() {
        jdk.disconnect();
    }

    @Override
    public boolean usingProxy() {
        return jdk.usingProxy();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        jdk.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return jdk.getRequestMethod();
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        jdk.setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return jdk.getInstanceFollowRedirects();
    }

    @Override
    public int getResponseCode() throws IOException {
        return jdk.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        return jdk.getResponseMessage();
    }

    @Override
    public InputStream getErrorStream() {
        return jdk.getErrorStream();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return jdk.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return jdk.getOutputStream();
    }

    @Override
    public Permission getPermission() throws IOException {
        return jdk.getPermission();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        jdk.setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return jdk.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        jdk.setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return jdk.getReadTimeout();
    }

    @Override
    public void setDoInput(boolean doInput) {
        jdk.setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return jdk.getDoInput();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        jdk.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return jdk.getDoOutput();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        jdk.setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return jdk.getUseCaches();
    }

    @Override
    public void setDefaultUseCaches(boolean defaultUseCaches) {
        jdk.setDefaultUseCaches(defaultUseCaches);
    }

    @Override
    public boolean getDefaultUseCaches() {
        return jdk.getDefaultUseCaches();
    }

    @Override
    public void setAllowUserInteraction(boolean allowUserInteraction) {
        jdk.setAllowUserInteraction(allowUserInteraction);
    }

    @Override
    public boolean getAllowUserInteraction() {
        return jdk.getAllowUserInteraction();
    }

    @Override
    public void setIfModifiedSince(long ifModifiedSince) {
        jdk.setIfModifiedSince(ifModifiedSince);
    }

    @Override
    public long getIfModifiedSince() {
        return jdk.getIfModifiedSince();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        jdk.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        jdk.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return jdk.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return jdk.getRequestProperties();
    }

    @Override
    public String getHeaderField(String name) {
        return jdk.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return jdk.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return jdk.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return jdk.getHeaderFields();
    }

    @Override
    public long getHeaderFieldDate(String name, long defaultValue) {
        return jdk.getHeaderFieldDate(name, defaultValue);
    }

    @Override
    public int getHeaderFieldInt(String name, int defaultValue) {
        return jdk.getHeaderFieldInt(name, defaultValue);
    }

    @Override
    public long getHeaderFieldLong(String name, long defaultValue) {
        return jdk.getHeaderFieldLong(name, defaultValue);
    }

    @Override
    public int getContentLength() {
        return jdk.getContentLength();
    }

    @Override
    public long getContentLengthLong() {
        return jdk.getContentLengthLong();
    }

    @Override
    public String getContentType() {
        return jdk.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return jdk.getContentEncoding();
    }

    @Override
    public long getDate() {
        return jdk.getDate();
    }

    @Override
    public long getExpiration() {
        return jdk.getExpiration();
    }

    @Override
    public long getLastModified() {
        return jdk.getLastModified();
    }

    @Override
    public Object getContent() throws IOException {
        return jdk.getContent();
    }

    @Override
    public Object getContent(Class<?>[] classes) throws IOException {
        return jdk.getContent(classes);
    }

    @Override
    public String toString() {
        return jdk.toString();
    }
}
