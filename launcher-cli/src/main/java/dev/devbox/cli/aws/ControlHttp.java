package dev.devbox.cli.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of the control plane's requests: the SDK's URLConnection client, built when the
 * first request goes out and for its scheme. Its usual constructor makes a TLS context (security
 * providers loaded, the JDK's trust store parsed: about a tenth of a second, a good part of a
 * command's start-up), which a plain-http URL (`devbox local`'s control plane, on loopback) never
 * uses: there, the same client runs with a connection factory that opens the connection as the
 * SDK's own does for http (its proxy settings, its default connect timeout, the read timeout given),
 * and no TLS context is made. An https URL gets the SDK's client exactly as before.
 */
final class ControlHttp implements SdkHttpClient {
    private final Duration socketTimeout;
    private SdkHttpClient tls;
    private SdkHttpClient plain;

    ControlHttp(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return client(request.httpRequest().protocol()).prepareRequest(request);
    }

    private synchronized SdkHttpClient client(String scheme) {
        if (!"http".equalsIgnoreCase(scheme)) {
            if (tls == null) {
                tls = UrlConnectionHttpClient.builder().socketTimeout(socketTimeout).build();
            }
            return tls;
        }
        if (plain == null) {
            ProxyConfiguration proxy = ProxyConfiguration.builder().build(); // what the SDK's builder reads
            Duration connectTimeout = SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
                    .get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT);
            plain = UrlConnectionHttpClient.create(uri -> open(uri, proxy, connectTimeout));
        }
        return plain;
    }

    /** True once a request has needed the TLS client. */
    synchronized boolean madeTls() {
        return tls != null;
    }

    /** As the SDK's client opens a plain-http connection: through its configured proxy unless the host is exempt. */
    private HttpURLConnection open(URI uri, ProxyConfiguration proxy, Duration connectTimeout) {
        boolean viaProxy = proxy.host() != null && proxy.nonProxyHosts().stream()
                .noneMatch(uri.getHost().toLowerCase(Locale.getDefault())::matches);
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) (viaProxy
                    ? uri.toURL().openConnection(new Proxy(Proxy.Type.HTTP,
                            InetSocketAddress.createUnresolved(proxy.host(), proxy.port())))
                    : uri.toURL().openConnection());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (viaProxy && !isEmpty(proxy.username()) && !isEmpty(proxy.password())) {
            String token = proxy.username() + ":" + proxy.password();
            connection.addRequestProperty("proxy-authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, socketTimeout.toMillis()));
        return connection;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    @Override
    public String clientName() {
        return "UrlConnection";
    }

    @Override
    public synchronized void close() {
        if (tls != null) {
            tls.close();
        }
        if (plain != null) {
            plain.close();
        }
    }
}
