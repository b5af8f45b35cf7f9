package dev.devbox.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.DevboxException;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.PolicyRefusedException;
import dev.devbox.pipeline.StepLog;

import javax.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control plane's HTTP face: a Lambda function URL event in (payload format 2.0, with the
 * IAM identity Lambda verified from the request's SigV4 signature), a function URL response out.
 * The caller is only ever that verified identity, never anything the body says. A reply is a
 * JSON object: the result's fields, or {@code error: {code, message}} with a 4xx/5xx status.
 */
public final class ControlEndpoint {
    /** Error codes the CLI turns into its exit codes. */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String UNSIGNED = "UNSIGNED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String POLICY = "POLICY";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String CONFLICT = "CONFLICT";
    public static final String INTERNAL = "INTERNAL";
    public static final String EC2 = "EC2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControlService service;
    private final StepLog log;

    @Inject
    public ControlEndpoint(ControlService service, StepLog log) {
        this.service = service;
        this.log = log;
    }

    /** One function URL event (JSON as Lambda delivers it) to the response JSON Lambda turns into HTTP. */
    public String handle(String eventJson) {
        Reply reply;
        try {
            reply = serve(JSON.readTree(eventJson));
        } catch (JsonProcessingException e) {
            reply = Reply.error(400, BAD_REQUEST, "The request is not a function URL event: " + e.getOriginalMessage());
        }
        String body;
        try {
            body = write(reply.body());
        } catch (IllegalStateException e) {
            // A reply that cannot be written is the control plane's fault: an answer, never a dropped request.
            reply = Reply.error(500, INTERNAL, "The control plane could not write its reply: " + e.getMessage());
            body = write(reply.body());
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", reply.status());
        response.put("headers", Map.of("content-type", "application/json"));
        response.put("body", body);
        return write(response);
    }

    private Reply serve(JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText("");
        if (!"POST".equals(method)) {
            return Reply.error(405, BAD_REQUEST, "The control plane takes POST requests with a JSON body; got '"
                    + method + "'.");
        }
        String caller = event.path("requestContext").path("authorizer").path("iam").path("userArn").asText("");
        if (caller.isBlank()) {
            return Reply.error(401, UNSIGNED, "The request carries no verified AWS identity: the control plane's"
                    + " function URL must use AuthType AWS_IAM, and requests must be signed (SigV4).");
        }
        ControlRequest request;
        try {
            String body = event.path("body").asText("");
            if (event.path("isBase64Encoded").asBoolean(false)) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            request = JSON.readValue(body, ControlRequest.class);
            if (request == null) {
                throw new IllegalArgumentException("the body is JSON null");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Reply.error(400, BAD_REQUEST, "The request body is not a devbox control request (a JSON object"
                    + " with action, project and optionally owner).");
        }
        StepLog.Step step = log.step("control").with("action", request.action()).with("project", request.project())
                .with("caller", caller);
        try {
            String sourceIp = event.path("requestContext").path("http").path("sourceIp").asText("");
            Reply reply = new Reply(200, service.perform(caller, sourceIp.isBlank() ? null : sourceIp, request), null);
            step.outcome("done");
            return reply;
        } catch (DevboxException e) {
            Reply reply = refusal(e);
            step.with("code", reply.code()).outcome("refused");
            return reply;
        } catch (RuntimeException e) {
            step.with("error", String.valueOf(e)).warn("failed");
            return Reply.error(500, INTERNAL, "The control plane failed: " + e.getMessage());
        }
    }

    private static Reply refusal(DevboxException e) {
        if (e instanceof ForeignProjectException) {
            return Reply.error(403, FORBIDDEN, e.getMessage());
        }
        if (e instanceof PolicyRefusedException) {
            return Reply.error(403, POLICY, e.getMessage());
        }
        if (e instanceof ControlRefusal r) {
            return switch (r.kind()) {
                case BAD_REQUEST -> Reply.error(400, BAD_REQUEST, e.getMessage());
                case NOT_FOUND -> Reply.error(404, NOT_FOUND, e.getMessage());
                case CONFLICT -> Reply.error(409, CONFLICT, e.getMessage());
                case EC2 -> Reply.error(502, EC2, e.getMessage());
            };
        }
        // The project moved on under us (a concurrent launch or save): nothing was changed.
        return Reply.error(409, CONFLICT, e.getMessage());
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A status and the JSON object sent with it; {@code code} is the error's, null on success. */
    record Reply(int status, Map<String, Object> body, String code) {
        static Reply error(int status, String code, String message) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", message);
            return new Reply(status, Map.of("error", error), code);
        }
    }
}
