package dev.devbox.cli.box.guest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake EC2 instance metadata service on a loopback port, IMDSv2 only (as the launch template requires):
 * {@code PUT /latest/api/token} with a TTL header returns a token, and every other request must carry it in
 * {@code X-aws-ec2-metadata-token} or gets 401, as on EC2. The guest reaches it at 169.254.169.254 through
 * qemu's guestfwd (see {@link QemuGuest}). Paths not set answer 404, which is what EC2 answers for
 * {@code spot/instance-action} while no interruption is scheduled.
 */
public final class FakeImds implements AutoCloseable {
    private final HttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeImds(Map<String, String> metadata) throws IOException {
        documents.putAll(metadata);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sets (or replaces) a document, e.g. {@code /latest/meta-data/spot/instance-action}. */
    public void put(String path, String body) {
        documents.put(path, body);
    }

    /** Every request seen, as "METHOD path status". */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (path.equals("/latest/api/token")) {
            String ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
            if (!method.equals("PUT")) {
                status = 405;
                body = "";
            } else if (ttl == null || !ttl.matches("[0-9]{1,5}") || Integer.parseInt(ttl) < 1
                    || Integer.parseInt(ttl) > 21600) {
                status = 400;
                body = "";
            } else {
                body = UUID.randomUUID().toString();
                tokens.add(body);
                status = 200;
            }
        } else if (!tokens.contains(String.valueOf(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token")))) {
            status = 401;
            body = "";
        } else if (!method.equals("GET")) {
            status = 405;
            body = "";
        } else if (documents.containsKey(path)) {
            status = 200;
            body = documents.get(path);
        } else {
            status = 404;
            body = "";
        }
        requests.add(method + " " + path + " " + status);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
