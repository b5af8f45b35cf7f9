package dev.devbox.domain;

import java.util.Map;

/**
 * The tag check in front of every destructive call (data-safety invariant 3):
 * devbox only deletes what carries its own stack, project and generation tags.
 */
public final class Ownership {
    private Ownership() {
    }

    /** True if the tags say the resource belongs to this stack and project (any generation). */
    public static boolean ownedByProject(Map<String, String> tags, String stack, ProjectName project) {
        return stack.equals(tags.get(ResourceNames.TAG_STACK))
                && project.value().equals(tags.get(ResourceNames.TAG_PROJECT));
    }

    /** True if the tags say the resource belongs to exactly this cycle. */
    public static boolean ownedByCycle(Map<String, String> tags, String stack, CycleRef cycle) {
        return ownedByProject(tags, stack, cycle.project())
                && Long.toString(cycle.generation()).equals(tags.get(ResourceNames.TAG_GENERATION));
    }

    /** Tags for a resource created for {@code cycle}. */
    public static Map<String, String> cycleTags(String stack, CycleRef cycle) {
        return Map.of(
                ResourceNames.TAG_STACK, stack,
                ResourceNames.TAG_PROJECT, cycle.project().value(),
                ResourceNames.TAG_GENERATION, Long.toString(cycle.generation()));
    }
}
