package dev.devbox.cli.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The control plane's HTTP client sends what the SDK's sends, through the proxy the SDK's would use,
 * and makes a TLS context only for https.
 */
class ControlHttpTest {
    private final List<String> seen = new ArrayList<>();
    private HttpServer server;

    /** A server that records each request's line and Proxy-Authorization, and answers "ok". */
    private int serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Proxy-Authorization") + " body="
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        System.clearProperty("http.proxyHost");
        System.clearProperty("http.proxyPort");
        System.clearProperty("http.proxyUser");
        System.clearProperty("http.proxyPassword");
        System.clearProperty("http.nonProxyHosts");
    }

    private static String post(SdkHttpClient http, String url) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(url))
                .putHeader("content-type", "application/json").build();
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(request)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build()).call();
        return response.httpResponse().statusCode() + " "
                + new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aPlainHttpRequestIsTheSdkClientsAndMakesNoTlsContext() throws IOException {
        int port = serve();
        try (ControlHttp http = new ControlHttp(Duration.ofSeconds(5));
             SdkHttpClient sdk = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(5)).build()) {
            assertEquals("200 ok", post(http, "http://127.0.0.1:" + port + "/"));
            assertEquals("200 ok", post(sdk, "http://127.0.0.1:" + port + "/"));
            assertFalse(http.madeTls());
        }
        assertEquals(2, seen.size(), seen::toString);
        assertEquals(seen.get(1), seen.get(0), "what the server saw from each");
    }

    @Test
    void anHttpsUrlGetsTheSdksTlsClient() {
        try (ControlHttp http = new ControlHttp(Duration.ofSeconds(1))) {
            // nothing listens on port 9: the TLS client is made for the attempt, which fails to connect
            assertThrows(IOException.class, () -> post(http, "https://127.0.0.1:9/"));
            assertTrue(http.madeTls());
        }
    }

    @Test
    void theSdksProxySettingsAreHonouredAsTheSdkHonoursThem() throws IOException {
        int proxyPort = serve();
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", String.valueOf(proxyPort));
        System.setProperty("http.proxyUser", "alice");
        System.setProperty("http.proxyPassword", "secret");
        System.setProperty("http.nonProxyHosts", "exempt.invalid");
        // the target never answers itself: the "proxy" (our server) does, having seen the absolute URL
        try (ControlHttp http = new ControlHttp(Duration.ofSeconds(5));
             SdkHttpClient sdk = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(5)).build()) {
            assertEquals("200 ok", post(http, "http://control.invalid:8080/"));
            assertEquals("200 ok", post(sdk, "http://control.invalid:8080/"));
        }
        assertEquals(2, seen.size(), seen::toString);
        assertEquals(seen.get(1), seen.get(0), "what the proxy saw from each");
        assertTrue(seen.get(0).contains("http://control.invalid:8080/"), seen::toString);
        assertTrue(seen.get(0).contains("auth=Basic "), seen::toString);
    }
}
