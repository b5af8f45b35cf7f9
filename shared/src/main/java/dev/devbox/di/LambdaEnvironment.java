package dev.devbox.di;

import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.pipeline.PipelineSettings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The function's configuration, read once from environment variables
 * (template.yaml sets them): DEVBOX_STACK, DEVBOX_TABLE, DEVBOX_EVENT_BUS
 * (default "default"), DEVBOX_RETAIN_AMIS (default 3), DEVBOX_STUCK_MINUTES
 * (default 30), DEVBOX_DEPLOYMENT (default none: the stack id's short suffix in AMI names), AWS_REGION;
 * for the control plane, the team rules in {@link #POLICY_VARIABLES}.
 */
public record LambdaEnvironment(String region, String table, String eventBus, PipelineSettings settings,
                                Map<String, String> raw) {

    /** The control plane's environment variable for each of the stack's team-rule parameters. */
    public static final Map<String, String> POLICY_VARIABLES = Map.of(
            AdminPolicy.ALLOWED_INSTANCE_TYPES, "DEVBOX_ALLOWED_INSTANCE_TYPES",
            AdminPolicy.MAX_RUNNING_BOXES_PER_OWNER, "DEVBOX_MAX_RUNNING_BOXES_PER_OWNER",
            AdminPolicy.MAX_VOLUME_GIB, "DEVBOX_MAX_VOLUME_GIB",
            AdminPolicy.ALLOWED_SSH_CIDRS, "DEVBOX_ALLOWED_SSH_CIDRS",
            AdminPolicy.ADMIN_PRINCIPALS, "DEVBOX_ADMIN_PRINCIPALS",
            AdminPolicy.ALLOWED_IMAGE_OWNERS, "DEVBOX_ALLOWED_IMAGE_OWNERS");

    /** The stack's team rules; a variable that is missing or empty keeps its rule's default. */
    public AdminPolicy policy() {
        Map<String, String> settings = new HashMap<>();
        POLICY_VARIABLES.forEach((parameter, variable) -> {
            if (raw.get(variable) != null) {
                settings.put(parameter, raw.get(variable));
            }
        });
        try {
            return AdminPolicy.from(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the team rules in the environment are invalid: " + e.getMessage(), e);
        }
    }

    public static LambdaEnvironment from(Map<String, String> env) {
        String stack = required(env, "DEVBOX_STACK");
        PipelineSettings settings = PipelineSettings.defaults(stack)
                .withRetainImages(integer(env, "DEVBOX_RETAIN_AMIS", PipelineSettings.DEFAULT_RETAIN_IMAGES))
                .withStuckAfter(Duration.ofMinutes(integer(env, "DEVBOX_STUCK_MINUTES",
                        (int) PipelineSettings.DEFAULT_STUCK_AFTER.toMinutes())))
                .withDeployment(env.getOrDefault("DEVBOX_DEPLOYMENT", ""));
        return new LambdaEnvironment(required(env, "AWS_REGION"), required(env, "DEVBOX_TABLE"),
                env.getOrDefault("DEVBOX_EVENT_BUS", "default"), settings, Map.copyOf(env));
    }

    /** A variable only some functions have (DEVBOX_SECURITY_GROUP: the control plane). */
    public String required(String name) {
        return required(raw, name);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " is not a number: " + value, e);
        }
    }
}
