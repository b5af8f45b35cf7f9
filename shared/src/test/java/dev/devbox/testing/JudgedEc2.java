package dev.devbox.testing;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.ProjectName;
import dev.devbox.port.Ec2Gateway;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds {@link History} from the pipeline's gateway: each mutating call is judged
 * before it reaches the in-memory EC2 (which may then fail or crash it).
 */
public final class JudgedEc2 implements Ec2Gateway {
    private final Ec2Gateway ec2;
    private final History history;

    public JudgedEc2(Ec2Gateway ec2, History history) {
        this.ec2 = ec2;
        this.history = history;
    }

    @Override
    public void tag(Collection<String> resourceIds, Map<String, String> tags) {
        history.judge(new Ec2Call.CreateTags(List.copyOf(resourceIds), Map.copyOf(tags)));
        ec2.tag(resourceIds, tags);
    }

    @Override
    public String createSnapshot(String volumeId, String description, Map<String, String> tags) {
        history.judge(new Ec2Call.CreateSnapshot(volumeId, Map.copyOf(tags)));
        String id = ec2.createSnapshot(volumeId, description, tags);
        history.snapshotCreated(volumeId, id);
        return id;
    }

    @Override
    public String registerImage(ImageSpec spec) {
        Map<String, String> devices = new LinkedHashMap<>();
        spec.devices().forEach(d -> devices.put(d.volume().deviceName(), d.snapshotId()));
        history.judge(new Ec2Call.RegisterImage(spec.name(), Map.copyOf(spec.tags()), devices));
        String id = ec2.registerImage(spec);
        history.imageRegistered(spec.name(), id);
        return id;
    }

    @Override
    public void deleteVolume(String volumeId) {
        history.judge(new Ec2Call.DeleteVolume(volumeId));
        ec2.deleteVolume(volumeId);
    }

    @Override
    public void deregisterImage(String imageId) {
        history.judge(new Ec2Call.DeregisterImage(imageId));
        ec2.deregisterImage(imageId);
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        history.judge(new Ec2Call.DeleteSnapshot(snapshotId));
        ec2.deleteSnapshot(snapshotId);
    }

    // ---- reads pass through ----

    @Override
    public List<InstanceView> instances(Collection<String> instanceIds) {
        return ec2.instances(instanceIds);
    }

    @Override
    public Optional<InstanceEnd> instanceEnd(String instanceId) {
        return ec2.instanceEnd(instanceId);
    }

    @Override
    public List<InstanceView> instancesOfCycle(String stack, CycleRef cycle) {
        return ec2.instancesOfCycle(stack, cycle);
    }

    @Override
    public List<VolumeView> volumes(Collection<String> volumeIds) {
        return ec2.volumes(volumeIds);
    }

    @Override
    public List<SnapshotView> snapshotsOfCycle(String stack, CycleRef cycle) {
        return ec2.snapshotsOfCycle(stack, cycle);
    }

    @Override
    public List<SnapshotView> snapshots(Collection<String> snapshotIds) {
        return ec2.snapshots(snapshotIds);
    }

    @Override
    public Optional<ImageView> imageNamed(String name) {
        return ec2.imageNamed(name);
    }

    @Override
    public Optional<ImageView> image(String imageId) {
        return ec2.image(imageId);
    }

    @Override
    public List<String> projectImagesUsingSnapshot(String stack, ProjectName project, String snapshotId) {
        return ec2.projectImagesUsingSnapshot(stack, project, snapshotId);
    }
}
