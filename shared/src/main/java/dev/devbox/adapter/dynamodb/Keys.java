package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ProjectName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Key layout (docs/data-model.md): generations are zero-padded in sort keys so cycles sort numerically. */
final class Keys {
    static final String PROJECTS_PK = "PROJECT";
    static final String LOOKUP_SK = "LOOKUP";
    /** Partition of the per-owner launch tickets. */
    static final String OWNERS_PK = "OWNER";

    private Keys() {
    }

    static Map<String, AttributeValue> project(ProjectName name) {
        return key(PROJECTS_PK, name.value());
    }

    static String childPk(ProjectName name) {
        return "PROJECT#" + name.value();
    }

    static String generationPrefix(long generation) {
        return String.format("G#%010d#V#", generation);
    }

    static Map<String, AttributeValue> volume(ProjectName name, long generation, String deviceName) {
        return key(childPk(name), generationPrefix(generation) + deviceName);
    }

    static Map<String, AttributeValue> image(ProjectName name, long generation) {
        return key(childPk(name), String.format("AMI#%010d", generation));
    }

    static Map<String, AttributeValue> instanceLookup(String instanceId) {
        return key("INSTANCE#" + instanceId, LOOKUP_SK);
    }

    static Map<String, AttributeValue> snapshotLookup(String snapshotId) {
        return key("SNAPSHOT#" + snapshotId, LOOKUP_SK);
    }

    static Map<String, AttributeValue> imageLookup(String imageId) {
        return key("IMAGE#" + imageId, LOOKUP_SK);
    }

    static Map<String, AttributeValue> owner(String owner) {
        return key(OWNERS_PK, owner);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Attr.PK, Values.s(pk), Attr.SK, Values.s(sk));
    }
}
