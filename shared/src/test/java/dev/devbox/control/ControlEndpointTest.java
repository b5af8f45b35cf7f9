package dev.devbox.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.PolicyRefusedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The function URL's face: identity from the verified context only, each refusal its status and code. */
class ControlEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"action\":\"terminate\",\"project\":\"web\",\"owner\":\"alice\"}";

    private final ControlService service = mock(ControlService.class);
    private final ControlEndpoint endpoint = new ControlEndpoint(service, ControlFixtures.quietLog());

    private JsonNode handle(String event) throws Exception {
        JsonNode response = JSON.readTree(endpoint.handle(event));
        ((com.fasterxml.jackson.databind.node.ObjectNode) response).set("body",
                JSON.readTree(response.path("body").asText()));
        return response;
    }

    @Test
    void theCallerAndAddressComeFromTheVerifiedContextAndTheBodyOnlySaysWhatToDo() throws Exception {
        when(service.perform(anyString(), any(), any())).thenReturn(Map.of("instanceId", "i-1"));
        JsonNode reply = handle(FunctionUrlEvent.of("POST", "arn:aws:iam::1:user/bob", "198.51.100.7", BODY));
        assertEquals(200, reply.path("statusCode").asInt());
        assertEquals("i-1", reply.path("body").path("instanceId").asText());
        verify(service).perform("arn:aws:iam::1:user/bob", "198.51.100.7",
                new ControlRequest("terminate", "web", "alice", null));
    }

    @Test
    void aBase64BodyIsReadAndAMissingAddressIsNull() throws Exception {
        when(service.perform(anyString(), any(), any())).thenReturn(Map.of());
        String event = FunctionUrlEvent.of("POST", "bob", null, Base64.getEncoder()
                .encodeToString(BODY.getBytes(StandardCharsets.UTF_8))).replace("\"isBase64Encoded\":false",
                "\"isBase64Encoded\":true");
        assertEquals(200, handle(event).path("statusCode").asInt());
        verify(service).perform(eq("bob"), isNull(), eq(new ControlRequest("terminate", "web", "alice", null)));
    }

    @Test
    void onlySignedPostsWithAControlRequestReachTheService() throws Exception {
        JsonNode unsigned = handle(FunctionUrlEvent.of("POST", null, BODY));
        assertEquals(401, unsigned.path("statusCode").asInt());
        assertEquals("UNSIGNED", unsigned.path("body").path("error").path("code").asText());
        assertEquals(405, handle(FunctionUrlEvent.of("GET", "bob", BODY)).path("statusCode").asInt());
        assertEquals(400, handle(FunctionUrlEvent.of("POST", "bob", "[1]")).path("statusCode").asInt());
        assertEquals(400, handle("{").path("statusCode").asInt());
        assertEquals(400, handle(FunctionUrlEvent.of("POST", "bob", "null")).path("statusCode").asInt());
        org.mockito.Mockito.verifyNoInteractions(service);
    }

    @Test
    void eachRefusalHasItsStatusAndCode() throws Exception {
        assertRefusal(new ForeignProjectException("not yours"), 403, "FORBIDDEN");
        assertRefusal(new PolicyRefusedException("not allowed"), 403, "POLICY");
        assertRefusal(new ControlRefusal(ControlRefusal.Kind.NOT_FOUND, "none"), 404, "NOT_FOUND");
        assertRefusal(new ControlRefusal(ControlRefusal.Kind.CONFLICT, "busy"), 409, "CONFLICT");
        assertRefusal(new ControlRefusal(ControlRefusal.Kind.BAD_REQUEST, "bad"), 400, "BAD_REQUEST");
        assertRefusal(new ConcurrentUpdateException("moved", null), 409, "CONFLICT");
        assertRefusal(new IllegalStateException("EC2 is down"), 500, "INTERNAL");
    }

    private void assertRefusal(RuntimeException thrown, int status, String code) throws Exception {
        doThrow(thrown).when(service).perform(anyString(), any(), any());
        JsonNode reply = handle(FunctionUrlEvent.of("POST", "bob", BODY));
        assertEquals(status, reply.path("statusCode").asInt(), thrown.toString());
        assertEquals(code, reply.path("body").path("error").path("code").asText());
        assertTrue(reply.path("body").path("error").path("message").asText().contains(thrown.getMessage()));
    }
}
