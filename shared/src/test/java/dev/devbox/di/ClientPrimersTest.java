package dev.devbox.di;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The EventBridge priming request against a loopback EventBridge that records what reaches it:
 * a real client, built as AwsModule builds it, signs the request and sends nothing.
 */
class ClientPrimersTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private EventBridgeClient events;

    @BeforeEach
    void loopbackEventBridge() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"1\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING", "secret")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ClientPrimers.DryRun()))
                .build();
    }

    @AfterEach
    void stop() {
        events.close();
        server.stop(0);
    }

    @Test
    void the_eventbridge_primer_signs_a_put_events_and_sends_nothing() {
        ClientPrimers.events(events, "devbox-events").request().run();
        assertEquals(List.of(), received, "a priming request reached EventBridge");
    }

    @Test
    void the_dry_run_stops_only_the_marked_request_the_client_still_publishes() {
        ClientPrimers.events(events, "devbox-events").request().run();
        events.putEvents(r -> r.entries(e -> e.eventBusName("devbox-events").source("devbox").detailType("t").detail("{}")));
        assertEquals(1, received.size(), received.toString());
        assertTrue(received.get(0).startsWith("AWSEvents.PutEvents "), received.get(0));
    }

    @Test
    void another_failure_of_the_priming_request_is_not_swallowed() {
        server.stop(0); // a request that was really sent fails to connect, and priming must say so
        EventBridgeClient sending = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING", "secret")))
                // No DryRun on this client: the marked request goes out, and nothing listens.
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD))
                .build();
        try (sending) {
            assertThrows(RuntimeException.class, () -> ClientPrimers.events(sending, "devbox-events").request().run());
        }
    }

    @Test
    void the_ssm_primer_reads_the_base_image_parameter() {
        SsmClient ssm = org.mockito.Mockito.mock(SsmClient.class);
        ClientPrimers.ssm(ssm, "/aws/service/canonical/ubuntu").request().run();
        org.mockito.Mockito.verify(ssm).getParameter(org.mockito.ArgumentMatchers.<java.util.function.Consumer<
                software.amazon.awssdk.services.ssm.model.GetParameterRequest.Builder>>any());
    }
}
