package dev.devbox.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The event Lambda delivers for a function URL request (payload format 2.0) whose SigV4 signature
 * it verified: for local mode's loopback control plane and for tests, so that both go through
 * the same parsing as the deployed function.
 */
public final class FunctionUrlEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionUrlEvent() {
    }

    /** {@code callerArn} null: a request without a verified identity. */
    public static String of(String method, String callerArn, String body) {
        return of(method, callerArn, null, body);
    }

    /** {@code sourceIp}: the address Lambda saw the request come from; null when not known (local mode). */
    public static String of(String method, String callerArn, String sourceIp, String body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("rawPath", "/");
        ObjectNode context = event.putObject("requestContext");
        ObjectNode http = context.putObject("http").put("method", method).put("path", "/");
        if (sourceIp != null) {
            http.put("sourceIp", sourceIp);
        }
        if (callerArn != null) {
            context.putObject("authorizer").putObject("iam").put("userArn", callerArn);
        }
        event.put("body", body);
        event.put("isBase64Encoded", false);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
