package dev.devbox.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.devbox.adapter.ssm.SsmGateways;
import dev.devbox.control.ControlEndpoint;
import dev.devbox.control.ControlPlane;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.PrivateAccess;
import dev.devbox.control.FunctionUrlEvent;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.emulator.LocalAws;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The control plane on loopback, as the deployed stack serves it through its function URL: the
 * same endpoint, fed the same function URL event. Lambda would verify the request's SigV4
 * signature and name the signer; here, as the emulator accepts any secret, the signer is the
 * access key id of the signature's credential scope, so {@code AWS_ACCESS_KEY_ID=alice} and
 * {@code =bob} are two developers. A request not signed for service "lambda" has no identity.
 */
public final class LocalControlPlane implements AutoCloseable {
    /** {@code Credential=KEY/DATE/REGION/SERVICE/aws4_request} in a SigV4 Authorization header. */
    private static final Pattern CREDENTIAL =
            Pattern.compile("^AWS4-HMAC-SHA256 .*Credential=([A-Za-z0-9]+)/\\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers;
    private volatile ControlEndpoint endpoint;
    private volatile ControlFunction function;
    private Ec2Client ec2;
    private SsmClient ssm;

    private LocalControlPlane(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /**
     * Listens on a free loopback port, so that the stack can name the URL in its outputs; requests
     * are answered once {@link #serve} has the stack's resources.
     */
    public static LocalControlPlane listen() {
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "devbox-local-control");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            LocalControlPlane control = new LocalControlPlane(server, workers);
            server.createContext("/", control::serve);
            server.setExecutor(workers);
            server.start();
            return control;
        } catch (IOException e) {
            workers.shutdownNow();
            throw new UncheckedIOException("cannot serve the local control plane on loopback", e);
        }
    }

    /**
     * Serves the control plane of the stack with these outputs (its table, group, launch template,
     * subnets, base image parameter and team rules).
     */
    public synchronized LocalControlPlane serve(LocalAws aws, String stack, Map<String, String> outputs,
                                                PrintStream log) {
        return serve(aws, stack, outputs, log, List.of());
    }

    /** As {@link #serve(LocalAws, String, Map, PrintStream)}, with {@code ec2Interceptors} on its own EC2 client (tests). */
    public synchronized LocalControlPlane serve(LocalAws aws, String stack, Map<String, String> outputs,
                                                PrintStream log, List<ExecutionInterceptor> ec2Interceptors) {
        Map<String, String> rules = new HashMap<>();
        AdminPolicy.SETTINGS.stream().filter(outputs::containsKey).forEach(k -> rules.put(k, outputs.get(k)));
        ec2 = aws.configure(Ec2Client.builder())
                .overrideConfiguration(o -> ec2Interceptors.forEach(o::addExecutionInterceptor)).build();
        ssm = aws.configure(SsmClient.builder()).build();
        ControlSettings control = new ControlSettings(outputs.get("SecurityGroupId"), outputs.get("LaunchTemplateId"),
                ControlSettings.subnets(outputs.get("SubnetIds")), outputs.get("EbsKmsKeyId"),
                outputs.get("BaseImageParameter"), null, outputs.get("BaseImageParameterArm64"),
                outputs.get("DefaultInstanceType"), null);
        endpoint = ControlPlane.endpoint(ec2, aws.dynamo(), SsmGateways.baseImages(ssm), outputs.get("TableName"),
                PipelineSettings.defaults(stack), control,
                PrivateAccess.of(outputs.get("PrivateBoxes"), outputs.get("InstanceConnectEndpointId")),
                AdminPolicy.from(rules), Clock.systemUTC(), new StepLog(log));
        return this;
    }

    /**
     * The function that answers the function URL events from now on, in place of the in-process
     * endpoint: a test hands requests to the packaged control function running as Lambda would.
     */
    public void routeTo(ControlFunction function) {
        this.function = function;
    }

    /** A control function: a function URL event in, its response (statusCode, body) out. */
    @FunctionalInterface
    public interface ControlFunction {
        String handle(String functionUrlEvent) throws Exception;
    }

    /** The output a deployed stack has for its function URL. */
    public Map<String, String> outputs() {
        return Map.of("ControlUrl", url());
    }

    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/";
    }

    /** The signer's access key id, or null when the request is not SigV4-signed for Lambda. */
    static String caller(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() && m.group(2).equals("lambda") ? m.group(1) : null;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = 503;
            byte[] reply = "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"The local control plane is still starting: try again.\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ControlEndpoint ready = endpoint;
            ControlFunction routed = function;
            if (ready != null || routed != null) {
                // No source address: Lambda would see the caller's public one, which loopback cannot tell.
                String event = FunctionUrlEvent.of(exchange.getRequestMethod(),
                        caller(exchange.getRequestHeaders().getFirst("Authorization")), null, body);
                JsonNode response = JSON.readTree(routed != null ? answer(routed, event) : ready.handle(event));
                status = response.path("statusCode").asInt(500);
                reply = response.path("body").asText().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    private static String answer(ControlFunction routed, String event) {
        try {
            return routed.handle(event);
        } catch (Exception e) {
            // Lambda answers a function that failed with a 502, which the CLI reports as the stack's fault.
            var error = JSON.createObjectNode();
            error.putObject("error").put("code", "INTERNAL").put("message", "The control function failed: " + e);
            return JSON.createObjectNode().put("statusCode", 502).put("body", error.toString()).toString();
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        workers.shutdownNow();
        if (ec2 != null) {
            ec2.close();
        }
        if (ssm != null) {
            ssm.close();
        }
    }
}
