package dev.devbox.testing.iam;

import java.util.Map;

/**
 * One authorization AWS makes for an API call: an IAM action on one resource ARN with the condition keys
 * that call carries (a call on several resources is several of these, as AWS evaluates each).
 */
public record IamRequest(String action, String resource, Map<String, Object> context) {
    public IamRequest {
        context = Map.copyOf(context);
    }
}
