package dev.devbox.testing;

import java.util.List;
import java.util.Map;

/** A mutating EC2 call the system under test made, in neutral terms, as {@link History} judges it. */
public sealed interface Ec2Call {

    record DeleteVolume(String volumeId) implements Ec2Call {
    }

    record DeregisterImage(String imageId) implements Ec2Call {
    }

    record DeleteSnapshot(String snapshotId) implements Ec2Call {
    }

    record CreateSnapshot(String volumeId, Map<String, String> tags) implements Ec2Call {
    }

    record RegisterImage(String name, Map<String, String> tags, Map<String, String> snapshotsByDevice)
            implements Ec2Call {
    }

    record CreateTags(List<String> resourceIds, Map<String, String> tags) implements Ec2Call {
    }

    /** Any other call that changes EC2: the pipeline has no business making it. */
    record Other(String operation) implements Ec2Call {
    }
}
