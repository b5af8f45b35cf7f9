package dev.devbox.trim;

import java.util.Map;
import java.util.Set;

/**
 * ProGuard's verdict: each class it kept (internal name) with the members it kept, as
 * {@code name + descriptor} ("describeInstances(L...;)L...;", "INSTANCE:L...;").
 */
record UsedMembers(Map<String, Set<String>> byClass) {
    UsedMembers {
        byClass = Map.copyOf(byClass);
    }

    boolean keepsClass(String className) {
        return byClass.containsKey(className);
    }

    boolean keepsMember(String className, String name, String descriptor) {
        Set<String> members = byClass.get(className);
        return members != null && members.contains(name + descriptor);
    }
}
