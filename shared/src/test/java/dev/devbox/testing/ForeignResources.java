package dev.devbox.testing;

import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Resources devbox did not create, seeded next to its own: untagged ones and
 * ones tagged for another stack with the same project name. Nothing may touch
 * them (invariant 3); {@link #assertUntouched} compares state and tags.
 */
public final class ForeignResources {
    private final Ec2Client ec2;
    private final Map<String, String> before;

    private ForeignResources(Ec2Client ec2, Map<String, String> before) {
        this.ec2 = ec2;
        this.before = before;
    }

    /** Seeds the foreign resources; the other-stack instance is left running (tests may terminate it). */
    public static ForeignResources seed(Ec2Client ec2, String project) {
        List<Tag> otherStack = List.of(tag(ResourceNames.TAG_STACK, "someone-else"), tag(ResourceNames.TAG_PROJECT, project),
                tag(ResourceNames.TAG_GENERATION, "1"));
        String untaggedVolume = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(5).volumeType(VolumeType.GP3))
                .volumeId();
        String otherVolume = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(6).volumeType(VolumeType.GP3)
                .tagSpecifications(spec(ResourceType.VOLUME, otherStack))).volumeId();
        String untaggedSnapshot = ec2.createSnapshot(b -> b.volumeId(untaggedVolume)).snapshotId();
        String otherSnapshot = ec2.createSnapshot(b -> b.volumeId(otherVolume)
                .tagSpecifications(spec(ResourceType.SNAPSHOT, otherStack))).snapshotId();
        ec2.registerImage(b -> b.name("foreign-" + project).rootDeviceName("/dev/sda1").architecture("x86_64")
                .blockDeviceMappings(m -> m.deviceName("/dev/sda1").ebs(e -> e.snapshotId(otherSnapshot)))
                .tagSpecifications(spec(ResourceType.IMAGE, otherStack)));
        ec2.runInstances(b -> b.imageId(LocalAws.UBUNTU_2404_AMD64).minCount(1).maxCount(1)
                .tagSpecifications(spec(ResourceType.INSTANCE, otherStack)));
        ec2.runInstances(b -> b.imageId(LocalAws.UBUNTU_2404_AMD64).minCount(1).maxCount(1));
        return new ForeignResources(ec2, observe(ec2));
    }

    /** Terminates the seeded instances (so their events flow through the pipeline too). */
    public void terminateInstances() {
        List<String> ids = before.keySet().stream().filter(k -> k.startsWith("i-")).toList();
        ec2.terminateInstances(b -> b.instanceIds(ids));
    }

    public void assertUntouched() {
        Map<String, String> now = observe(ec2);
        before.forEach((id, state) -> {
            String current = now.get(id);
            if (id.startsWith("i-")) {
                // Instances: only the test itself terminates them; tags must stay.
                assertEquals(tagsOf(state), tagsOf(current), "tags of foreign " + id);
            } else {
                assertEquals(state, current, "foreign resource " + id + " was modified or deleted");
            }
        });
    }

    private static String tagsOf(String observation) {
        return observation == null ? null : observation.split("\\|", 3)[1];
    }

    /**
     * Every resource that is not devbox's own in stack {@code it}: id -> state|tags|every other attribute
     * (the SDK model's full rendering), so a change to any attribute shows, not only to tags.
     */
    private static Map<String, String> observe(Ec2Client ec2) {
        Map<String, String> seen = new TreeMap<>();
        // Attached volumes go with their instance when the test terminates it (DeleteOnTermination): not devbox's doing.
        ec2.describeVolumes().volumes().stream().filter(v -> !ours(v.tags()) && v.attachments().isEmpty())
                .forEach(v -> seen.put(v.volumeId(), v.stateAsString() + "|" + new TreeMap<>(tags(v.tags())) + "|" + v));
        ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots().stream().filter(s -> !ours(s.tags()))
                .forEach(s -> seen.put(s.snapshotId(), s.stateAsString() + "|" + new TreeMap<>(tags(s.tags())) + "|" + s));
        ec2.describeImages(b -> b.owners("self")).images().stream().filter(i -> !ours(i.tags()))
                .forEach(i -> seen.put(i.imageId(), i.stateAsString() + "|" + new TreeMap<>(tags(i.tags())) + "|" + i));
        ec2.describeInstances().reservations().forEach(r -> r.instances().stream().filter(i -> !ours(i.tags()))
                .forEach(i -> seen.put(i.instanceId(), i.state().nameAsString() + "|" + new TreeMap<>(tags(i.tags())))));
        return seen;
    }

    private static boolean ours(List<Tag> tags) {
        return Harness.STACK.equals(tags(tags).get(ResourceNames.TAG_STACK));
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static TagSpecification spec(ResourceType type, List<Tag> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }
}
