package dev.devbox.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.control.FunctionUrlEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler as Lambda builds it from the template's environment variables. The requests here
 * are refused before any AWS call, so no emulator is needed; shared's ControlPlaneIT covers the
 * actions themselves.
 */
class ControlHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("DEVBOX_STACK", "devbox");
        env.put("DEVBOX_TABLE", "devbox-projects");
        env.put("DEVBOX_ALLOWED_INSTANCE_TYPES", "t3.*,!t3.2xlarge");
        env.put("DEVBOX_MAX_RUNNING_BOXES_PER_OWNER", "2");
        env.put("DEVBOX_MAX_VOLUME_GIB", "100");
        env.put("DEVBOX_ALLOWED_SSH_CIDRS", "");
        env.put("DEVBOX_ADMIN_PRINCIPALS", "arn:aws:iam::123456789012:role/Admin");
        env.put("DEVBOX_SECURITY_GROUP", "sg-0123456789abcdef0");
        env.put("DEVBOX_LAUNCH_TEMPLATE", "lt-0123456789abcdef0");
        env.put("DEVBOX_SUBNETS", "subnet-0aaa,subnet-0bbb");
        env.put("DEVBOX_EBS_KMS_KEY", "");
        return env;
    }

    private static JsonNode handle(ControlHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode response = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("application/json", response.path("headers").path("content-type").asText());
        return response;
    }

    @Test
    void aRequestWithoutAVerifiedIdentityIsRefused() throws IOException {
        ControlHandler handler = new ControlHandler(ControlFunction.from(environment()).endpoint());
        JsonNode response = handle(handler, FunctionUrlEvent.of("POST", null,
                "{\"action\":\"terminate\",\"project\":\"web\"}"));
        assertEquals(401, response.path("statusCode").asInt());
        JsonNode error = JSON.readTree(response.path("body").asText()).path("error");
        assertEquals("UNSIGNED", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("AWS_IAM"));
    }

    @Test
    void malformedEventsAndBodiesGetAClearError() throws IOException {
        ControlHandler handler = new ControlHandler(ControlFunction.from(environment()).endpoint());
        assertEquals(400, handle(handler, "not json").path("statusCode").asInt());
        assertEquals(405, handle(handler, FunctionUrlEvent.of("GET", "alice", "")).path("statusCode").asInt());
        JsonNode bad = handle(handler, FunctionUrlEvent.of("POST", "alice", "{\"action\":"));
        assertEquals(400, bad.path("statusCode").asInt());
        assertTrue(bad.path("body").asText().contains("not a devbox control request"));
        JsonNode extra = handle(handler, FunctionUrlEvent.of("POST", "alice",
                "{\"action\":\"terminate\",\"project\":\"web\",\"private\":true}"));
        assertEquals(400, extra.path("statusCode").asInt(), "an option this stack does not know is never ignored");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"DEVBOX_SECURITY_GROUP", "DEVBOX_LAUNCH_TEMPLATE",
            "DEVBOX_SUBNETS"})
    void aMissingStackResourceStopsTheFunctionAtInit(String variable) {
        Map<String, String> env = environment();
        env.remove(variable);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ControlFunction.from(env));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void invalidTeamRulesStopTheFunctionAtInit() {
        Map<String, String> env = environment();
        env.put("DEVBOX_ALLOWED_SSH_CIDRS", "0.0.0.0/0");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ControlFunction.from(env));
        assertTrue(e.getMessage().contains("AllowedSshCidrs"), e.getMessage());
    }
}
