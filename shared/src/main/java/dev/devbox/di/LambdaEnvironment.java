package dev.devbox.di;

import dev.devbox.pipeline.PipelineSettings;

import java.time.Duration;
import java.util.Map;

/**
 * The function's configuration, read once from environment variables
 * (template.yaml sets them): DEVBOX_STACK, DEVBOX_TABLE, DEVBOX_EVENT_BUS
 * (default "default"), DEVBOX_RETAIN_AMIS (default 3), DEVBOX_STUCK_MINUTES
 * (default 30), DEVBOX_DEPLOYMENT (default none: the stack id's short suffix in AMI names), AWS_REGION.
 */
public record LambdaEnvironment(String region, String table, String eventBus, PipelineSettings settings,
                                Map<String, String> raw) {

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
