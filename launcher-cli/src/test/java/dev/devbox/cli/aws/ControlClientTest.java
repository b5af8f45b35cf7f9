package dev.devbox.cli.aws;

import com.sun.net.httpserver.HttpServer;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.DevboxException;
import dev.devbox.cli.ui.OutputFormat;
import dev.devbox.cli.ui.Style;
import dev.devbox.cli.ui.Ui;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's side of the control plane: what it signs and sends, and how each kind of reply reads. */
class ControlClientTest {
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private HttpServer server;

    /** A function URL stand-in that answers every request with {@code status} and {@code body}. */
    private ControlClient answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] reply = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        return client("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static ControlClient client(String url) {
        Ui ui = new Ui(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Style.plain(),
                OutputFormat.text, false, false, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        return new ControlClient("devbox", url, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDALICE", "secret")), Region.EU_WEST_1, UrlConnectionHttpClient.create(), ui);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void eachRequestIsSignedForLambdaInTheStacksRegionWithTheCallersKey() throws IOException {
        ControlClient control = answering(200, "{\"project\":\"web\",\"instanceId\":\"i-1\"}");
        assertEquals("i-1", control.call("terminate", "web", Optional.of("bob")).path("instanceId").asText());
        String auth = authorizations.get(0);
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDALICE/"), auth);
        assertTrue(auth.contains("/eu-west-1/lambda/aws4_request"), auth);
        assertTrue(auth.contains("SignedHeaders=") && auth.contains("Signature="), auth);
        assertEquals("{\"action\":\"terminate\",\"project\":\"web\",\"owner\":\"bob\"}", bodies.get(0));
    }

    @Test
    void theControlPlanesRefusalsKeepTheirWordsAndGetTheirExitCodes() throws IOException {
        assertEquals(ExitCode.FORBIDDEN, refusal(403, "FORBIDDEN").exitCode());
        assertEquals(ExitCode.POLICY, refusal(403, "POLICY").exitCode());
        assertEquals(ExitCode.NOT_FOUND, refusal(404, "NOT_FOUND").exitCode());
        assertEquals(ExitCode.CONFLICT, refusal(409, "CONFLICT").exitCode());
        assertEquals(ExitCode.USAGE, refusal(400, "BAD_REQUEST").exitCode());
        assertEquals(ExitCode.CONFIGURATION, refusal(401, "UNSIGNED").exitCode());
        assertEquals(ExitCode.AWS, refusal(500, "INTERNAL").exitCode());
        assertEquals("said so", refusal(403, "FORBIDDEN").getMessage());
    }

    private DevboxException refusal(int status, String code) throws IOException {
        stop();
        ControlClient control = answering(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"said so\"}}");
        return assertThrows(DevboxException.class, () -> control.call("delete", "web", Optional.empty()));
    }

    @Test
    void lambdasOwnRefusalSaysWhichPolicyTheCallerNeeds() throws IOException {
        ControlClient control = answering(403, "{\"Message\":\"Forbidden. For troubleshooting Function URL authorization issues, see: ...\"}");
        DevboxException e = assertThrows(DevboxException.class, () -> control.call("terminate", "web", Optional.empty()));
        assertEquals(ExitCode.FORBIDDEN, e.exitCode());
        assertTrue(e.getMessage().contains("UserPolicyArn"), e.getMessage());
    }

    @Test
    void aFailureWithoutAnAnswerSaysNothingWasChanged() throws IOException {
        ControlClient control = answering(502, "Bad Gateway");
        DevboxException e = assertThrows(DevboxException.class, () -> control.call("terminate", "web", Optional.empty()));
        assertEquals(ExitCode.AWS, e.exitCode());
        assertTrue(e.getMessage().contains("HTTP 502: Bad Gateway"), e.getMessage());

        stop();
        server = null;
        DevboxException unreachable = assertThrows(DevboxException.class,
                () -> client("http://127.0.0.1:9").call("terminate", "web", Optional.empty()));
        assertTrue(unreachable.getMessage().contains("Could not reach the control plane"), unreachable.getMessage());
    }

    @Test
    void aStackWithoutAControlPlaneIsNamedWithWhatToDo() {
        DevboxException e = assertThrows(DevboxException.class,
                () -> client(null).call("terminate", "web", Optional.empty()));
        assertEquals(ExitCode.CONFIGURATION, e.exitCode());
        assertTrue(e.getMessage().contains("'ControlUrl'") && e.getMessage().contains("sam deploy"), e.getMessage());
    }

    @Test
    void aUrlThatNoLongerAnswersIsLookedUpAgainOnceAndTheRequestSentWhereItMoved() throws IOException {
        ControlClient live = answering(200, "{\"project\":\"web\"}");
        String liveUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        Ui ui = new Ui(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Style.plain(),
                OutputFormat.text, false, false, Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        List<String> lookups = new ArrayList<>();
        ControlClient stale = new ControlClient("devbox", "http://127.0.0.1:9", () -> {
            lookups.add("described");
            return liveUrl;
        }, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDALICE", "secret")), Region.EU_WEST_1,
                UrlConnectionHttpClient.create(), ui);
        assertEquals("web", stale.call("status", "web", Optional.empty()).path("project").asText());
        assertEquals(List.of("described"), lookups);
        assertEquals(1, bodies.size(), "sent once, where it moved");
        assertEquals("web", stale.call("status", "web", Optional.empty()).path("project").asText());
        assertEquals(List.of("described"), lookups, "the new URL is kept");
        assertTrue(live != null);

        ControlClient nowhere = new ControlClient("devbox", "http://127.0.0.1:9", () -> "http://127.0.0.1:9",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDALICE", "secret")), Region.EU_WEST_1,
                UrlConnectionHttpClient.create(), ui);
        DevboxException e = assertThrows(DevboxException.class, () -> nowhere.call("status", "web", Optional.empty()));
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
    }
}
