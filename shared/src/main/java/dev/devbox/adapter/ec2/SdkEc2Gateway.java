package dev.devbox.adapter.ec2;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.ImageNameTakenException;
import dev.devbox.port.SnapshotInUseException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Ec2Gateway} and {@link ControlEc2} on the SDK. Lookups by id use filters rather than id
 * parameters, so an unknown id is simply absent instead of failing the whole call.
 */
final class SdkEc2Gateway implements Ec2Gateway, ControlEc2 {
    private static final Set<String> ALREADY_GONE = Set.of(
            "InvalidVolume.NotFound", "InvalidSnapshot.NotFound", "InvalidAMIID.NotFound", "InvalidAMIID.Unavailable");
    private static final java.util.regex.Pattern TRANSITION_TIME = java.util.regex.Pattern.compile(
            "\\((\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}) (?:GMT|UTC)\\)");
    private static final String DUPLICATE_NAME = "InvalidAMIName.Duplicate";
    private static final String SNAPSHOT_IN_USE = "InvalidSnapshot.InUse";
    private static final String SELF = "self";
    private static final Set<String> PROVISIONED_IOPS_TYPES = Set.of("gp3", "io1", "io2");

    private final Ec2Client ec2;

    SdkEc2Gateway(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public List<InstanceView> instances(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        return describeInstances(List.of(filter("instance-id", instanceIds)));
    }

    @Override
    public List<InstanceView> instancesOfCycle(String stack, CycleRef cycle) {
        return describeInstances(tagFilters(Ownership.cycleTags(stack, cycle)));
    }

    private List<InstanceView> describeInstances(List<Filter> filters) {
        List<InstanceView> views = new ArrayList<>();
        ec2.describeInstancesPaginator(b -> b.filters(filters)).reservations()
                .forEach(r -> r.instances().forEach(i -> views.add(view(i))));
        return views;
    }

    @Override
    public Optional<InstanceEnd> instanceEnd(String instanceId) {
        return ec2.describeInstancesPaginator(b -> b.filters(filter("instance-id", List.of(instanceId))))
                .reservations().stream().flatMap(r -> r.instances().stream()).findFirst()
                .map(i -> new InstanceEnd(i.stateReason() == null ? null : i.stateReason().code(),
                        transitionTime(i.stateTransitionReason())));
    }

    /** "User initiated (2026-12-07 10:14:55 GMT)": the time EC2 puts in the transition reason, if any. */
    static Instant transitionTime(String reason) {
        if (reason == null) {
            return null;
        }
        java.util.regex.Matcher m = TRANSITION_TIME.matcher(reason);
        return m.find() ? Instant.parse(m.group(1) + "T" + m.group(2) + "Z") : null;
    }

    @Override
    public List<VolumeView> volumes(Collection<String> volumeIds) {
        if (volumeIds.isEmpty()) {
            return List.of();
        }
        List<VolumeView> views = new ArrayList<>();
        ec2.describeVolumesPaginator(b -> b.filters(filter("volume-id", volumeIds))).volumes()
                .forEach(v -> views.add(view(v)));
        return views;
    }

    @Override
    public void tag(Collection<String> resourceIds, Map<String, String> tags) {
        if (!resourceIds.isEmpty()) {
            ec2.createTags(b -> b.resources(resourceIds).tags(tags(tags)));
        }
    }

    @Override
    public List<SnapshotView> snapshotsOfCycle(String stack, CycleRef cycle) {
        List<SnapshotView> views = new ArrayList<>();
        ec2.describeSnapshotsPaginator(b -> b.ownerIds(SELF).filters(tagFilters(Ownership.cycleTags(stack, cycle))))
                .snapshots().forEach(s -> views.add(view(s)));
        return views;
    }

    @Override
    public List<SnapshotView> snapshots(Collection<String> snapshotIds) {
        if (snapshotIds.isEmpty()) {
            return List.of();
        }
        List<SnapshotView> views = new ArrayList<>();
        ec2.describeSnapshotsPaginator(b -> b.ownerIds(SELF).filters(filter("snapshot-id", snapshotIds)))
                .snapshots().forEach(s -> views.add(view(s)));
        return views;
    }

    @Override
    public String createSnapshot(String volumeId, String description, Map<String, String> tags) {
        return ec2.createSnapshot(b -> b.volumeId(volumeId).description(description)
                .tagSpecifications(tagSpec(ResourceType.SNAPSHOT, tags))).snapshotId();
    }

    @Override
    public Optional<ImageView> imageNamed(String name) {
        return describeImages(filter("name", List.of(name)));
    }

    @Override
    public Optional<ImageView> image(String imageId) {
        return describeImages(filter("image-id", List.of(imageId)));
    }

    private Optional<ImageView> describeImages(Filter filter) {
        return ec2.describeImages(b -> b.owners(SELF).filters(filter)).images().stream().findFirst().map(SdkEc2Gateway::view);
    }

    @Override
    public String registerImage(ImageSpec spec) {
        List<BlockDeviceMapping> mappings = spec.devices().stream().map(SdkEc2Gateway::mapping).toList();
        MachineProfile machine = spec.machine();
        try {
            return ec2.registerImage(b -> b.name(spec.name()).description(spec.description())
                    .architecture(machine.architecture())
                    .rootDeviceName(machine.rootDeviceName())
                    .enaSupport(machine.enaSupport())
                    .bootMode(machine.bootMode())
                    .virtualizationType("hvm")
                    .imdsSupport(ImdsSupportValues.V2_0)
                    .blockDeviceMappings(mappings)
                    .tagSpecifications(tagSpec(ResourceType.IMAGE, spec.tags()))).imageId();
        } catch (Ec2Exception e) {
            if (DUPLICATE_NAME.equals(code(e))) {
                throw new ImageNameTakenException(spec.name(), e);
            }
            throw e;
        }
    }

    @Override
    public List<String> projectImagesUsingSnapshot(String stack, ProjectName project, String snapshotId) {
        // Scoped by tags to the project's few AMIs, then matched here: bounded work, and no reliance on
        // the block-device-mapping.snapshot-id filter (which the emulator lacks).
        return ec2.describeImages(b -> b.owners(SELF).filters(projectFilters(stack, project))).images().stream()
                .filter(i -> i.blockDeviceMappings().stream()
                        .anyMatch(m -> m.ebs() != null && snapshotId.equals(m.ebs().snapshotId())))
                .map(Image::imageId).toList();
    }

    @Override
    public Optional<String> consoleOutput(String instanceId) {
        String output = ec2.getConsoleOutput(r -> r.instanceId(instanceId).latest(true)).output();
        return output == null || output.isEmpty() ? Optional.empty()
                : Optional.of(new String(java.util.Base64.getMimeDecoder().decode(output),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void terminate(String instanceId) {
        ec2.terminateInstances(b -> b.instanceIds(instanceId));
    }

    @Override
    public List<ImageView> projectImages(String stack, ProjectName project) {
        return ec2.describeImages(b -> b.owners(SELF).filters(projectFilters(stack, project))).images().stream()
                .map(SdkEc2Gateway::view).toList();
    }

    @Override
    public List<SnapshotView> projectSnapshots(String stack, ProjectName project) {
        List<SnapshotView> views = new ArrayList<>();
        ec2.describeSnapshotsPaginator(b -> b.ownerIds(SELF).filters(projectFilters(stack, project)))
                .snapshots().forEach(s -> views.add(view(s)));
        return views;
    }

    @Override
    public List<VolumeView> projectVolumes(String stack, ProjectName project) {
        List<VolumeView> views = new ArrayList<>();
        ec2.describeVolumesPaginator(b -> b.filters(projectFilters(stack, project))).volumes()
                .forEach(v -> views.add(view(v)));
        return views;
    }

    @Override
    public List<SshRule> sshRules(String groupId) {
        List<SshRule> rules = new ArrayList<>();
        ec2.describeSecurityGroups(b -> b.groupIds(groupId)).securityGroups().forEach(g -> g.ipPermissions().stream()
                .filter(p -> "tcp".equals(p.ipProtocol()) && p.fromPort() != null && p.fromPort() == 22
                        && p.toPort() != null && p.toPort() == 22)
                .forEach(p -> {
                    p.ipRanges().forEach(r -> rules.add(new SshRule(r.cidrIp(), r.description())));
                    p.ipv6Ranges().forEach(r -> rules.add(new SshRule(r.cidrIpv6(), r.description())));
                }));
        return rules;
    }

    @Override
    public void authorizeSsh(String groupId, String cidr, String description) {
        try {
            ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(ssh(cidr, description)));
        } catch (Ec2Exception e) {
            if (!"InvalidPermission.Duplicate".equals(code(e))) {
                throw e;
            }
        }
    }

    @Override
    public void revokeSsh(String groupId, String cidr) {
        try {
            ec2.revokeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(ssh(cidr, null)));
        } catch (Ec2Exception e) {
            if (!"InvalidPermission.NotFound".equals(code(e))) {
                throw e;
            }
        }
    }

    private static IpPermission ssh(String cidr, String description) {
        IpPermission.Builder p = IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22);
        if (cidr.contains(":")) {
            p.ipv6Ranges(r -> r.cidrIpv6(cidr).description(description));
        } else {
            p.ipRanges(r -> r.cidrIp(cidr).description(description));
        }
        return p.build();
    }

    @Override
    public List<Map<String, String>> liveBoxTags(String stack) {
        List<Map<String, String>> tags = new ArrayList<>();
        ec2.describeInstancesPaginator(b -> b.filters(filter("tag:" + ResourceNames.TAG_STACK, List.of(stack)),
                        filter("instance-state-name", List.of("pending", "running", "stopping", "stopped"))))
                .reservations().forEach(r -> r.instances().forEach(i -> tags.add(tagMap(i.tags()))));
        return tags;
    }

    private static List<Filter> projectFilters(String stack, ProjectName project) {
        return tagFilters(Map.of(ResourceNames.TAG_STACK, stack, ResourceNames.TAG_PROJECT, project.value()));
    }

    @Override
    public void deleteVolume(String volumeId) {
        idempotent(() -> ec2.deleteVolume(b -> b.volumeId(volumeId)));
    }

    @Override
    public void deregisterImage(String imageId) {
        idempotent(() -> ec2.deregisterImage(b -> b.imageId(imageId)));
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        try {
            idempotent(() -> ec2.deleteSnapshot(b -> b.snapshotId(snapshotId)));
        } catch (Ec2Exception e) {
            if (SNAPSHOT_IN_USE.equals(code(e))) {
                throw new SnapshotInUseException(snapshotId, e);
            }
            throw e;
        }
    }

    private static void idempotent(Runnable call) {
        try {
            call.run();
        } catch (Ec2Exception e) {
            if (!ALREADY_GONE.contains(code(e))) {
                throw e;
            }
        }
    }

    private static String code(Ec2Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    static BlockDeviceMapping mapping(ImageDevice device) {
        VolumeMapping v = device.volume();
        // EC2 reports a gp2 volume's baseline IOPS, but RegisterImage refuses IOPS for gp2 (and throughput
        // for anything but gp3): send only what the volume type accepts.
        boolean provisionedIops = PROVISIONED_IOPS_TYPES.contains(v.volumeType());
        boolean provisionedThroughput = "gp3".equals(v.volumeType());
        // Encryption and its key follow the snapshot; DeleteOnTermination=false keeps the next box's work safe too.
        return BlockDeviceMapping.builder().deviceName(v.deviceName()).ebs(e -> e
                .snapshotId(device.snapshotId())
                .volumeType(v.volumeType())
                .volumeSize(v.sizeGiB())
                .iops(provisionedIops ? v.iops() : null)
                .throughput(provisionedThroughput ? v.throughput() : null)
                .deleteOnTermination(false)).build();
    }

    /** Also the launch adapter's, for the boxes it finds by their cycle's tags. */
    static InstanceView view(Instance i) {
        Map<String, String> devices = new LinkedHashMap<>();
        i.blockDeviceMappings().forEach(m -> {
            if (m.ebs() != null && m.ebs().volumeId() != null) {
                devices.put(m.deviceName(), m.ebs().volumeId());
            }
        });
        MachineProfile machine = i.architectureAsString() == null || i.rootDeviceName() == null ? null
                : new MachineProfile(i.architectureAsString(), i.rootDeviceName(),
                        Boolean.TRUE.equals(i.enaSupport()), bootMode(i));
        return new InstanceView(i.instanceId(), i.state() == null ? null : i.state().nameAsString(),
                tagMap(i.tags()), machine, devices);
    }

    private static String bootMode(Instance i) {
        if (i.currentInstanceBootModeAsString() != null) {
            return i.currentInstanceBootModeAsString();
        }
        return i.bootModeAsString();
    }

    private static VolumeView view(Volume v) {
        String device = v.attachments().isEmpty() ? "" : v.attachments().get(0).device();
        VolumeMapping mapping = new VolumeMapping(device, v.volumeId(), v.volumeTypeAsString(),
                v.size() == null ? 1 : v.size(), v.iops(), v.throughput(),
                Boolean.TRUE.equals(v.encrypted()), v.kmsKeyId());
        return new VolumeView(mapping, v.stateAsString(), tagMap(v.tags()));
    }

    private static SnapshotView view(Snapshot s) {
        return new SnapshotView(s.snapshotId(), s.volumeId(), s.stateAsString(), s.stateMessage(), tagMap(s.tags()));
    }

    private static ImageView view(Image i) {
        List<String> snapshots = i.blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                .map(m -> m.ebs().snapshotId()).toList();
        return new ImageView(i.imageId(), i.name(), i.stateAsString(),
                i.stateReason() == null ? null : i.stateReason().message(), tagMap(i.tags()), snapshots);
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static TagSpecification tagSpec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags(tags)).build();
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static List<Filter> tagFilters(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>();
        tags.forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
        return filters;
    }
}
