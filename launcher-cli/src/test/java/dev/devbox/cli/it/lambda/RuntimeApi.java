package dev.devbox.cli.it.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda Runtime API (2018-06-01) on loopback, as far as a function's runtime uses it: the
 * runtime long-polls {@code invocation/next} for an event and posts its {@code response} or
 * {@code error}; an {@code init/error} ends the function before its first event. One instance
 * serves one function process.
 */
public final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";

    /** How one invocation ended: {@code error} is the runtime's error document, or null. */
    public record Outcome(String response, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    private record Invocation(String id, String event, CompletableFuture<Outcome> outcome) {
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    RuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE, this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** What AWS_LAMBDA_RUNTIME_API is set to: host and port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Hands the function one event and waits for its answer; a function that ended is an error. */
    Outcome invoke(String eventJson, Duration timeout, Process function) throws Exception {
        Invocation invocation = new Invocation("req-" + ids.incrementAndGet(), eventJson, new CompletableFuture<>());
        queued.add(invocation);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (initError.isDone()) {
                throw new IllegalStateException("the function failed to initialize: " + initError.get());
            }
            if (!function.isAlive()) {
                throw new IllegalStateException("the function's process ended (exit " + function.exitValue() + ")");
            }
            try {
                return invocation.outcome().get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still working
            }
        }
        throw new IllegalStateException("no answer to " + invocation.id() + " within " + timeout.toSeconds() + "s");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
                Invocation next = queued.take(); // the runtime's long poll
                inFlight.put(next.id(), next);
                var headers = exchange.getResponseHeaders();
                headers.add("Lambda-Runtime-Aws-Request-Id", next.id());
                headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
                headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:devbox");
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                headers.add("Content-Type", "application/json");
                send(exchange, 200, next.event());
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("POST") && path.equals("init/error")) {
                initError.complete(body);
                send(exchange, 202, "{}");
                return;
            }
            String[] parts = path.split("/"); // invocation/{id}/response|error
            Invocation invocation = parts.length == 3 ? inFlight.remove(parts[1]) : null;
            if (invocation == null || !exchange.getRequestMethod().equals("POST")) {
                send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
                return;
            }
            invocation.outcome().complete(parts[2].equals("response") ? new Outcome(body, null) : new Outcome(null, body));
            send(exchange, 202, "{}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
