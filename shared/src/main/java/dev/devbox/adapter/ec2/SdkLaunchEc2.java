package dev.devbox.adapter.ec2;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Ownership;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2RefusedException;
import dev.devbox.port.LaunchEc2;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LaunchEc2} on the SDK. */
final class SdkLaunchEc2 implements LaunchEc2 {
    private final Ec2Client ec2;
    /** An instance type's architectures never change: asked once per container (per Lambda instance). */
    private final Map<String, Set<String>> architectures = new ConcurrentHashMap<>();

    SdkLaunchEc2(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Optional<LaunchImage> image(String imageId) {
        try {
            return ec2.describeImages(r -> r.imageIds(imageId)).images().stream().findFirst().map(SdkLaunchEc2::view);
        } catch (Ec2Exception e) {
            if (code(e).startsWith("InvalidAMIID")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean ownImage(String imageId) {
        // A filter, not ImageIds: a lookup by id answers whatever the owner (the emulator ignores Owners then).
        return !ec2.describeImages(r -> r.owners("self").filters(f -> f.name("image-id").values(imageId))).images()
                .isEmpty();
    }

    @Override
    public Set<String> architectures(String instanceType) {
        Set<String> known = architectures.get(instanceType);
        if (known != null) {
            return known;
        }
        Set<String> found;
        try {
            found = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(instanceType)).instanceTypes().stream()
                    .flatMap(t -> t.processorInfo() == null ? java.util.stream.Stream.<String>empty()
                            : t.processorInfo().supportedArchitecturesAsStrings().stream())
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (Ec2Exception e) {
            if (code(e).startsWith("InvalidInstanceType") || code(e).equals("InvalidParameterValue")) {
                return Set.of(); // not cached: a region may start offering it
            }
            throw e;
        }
        if (!found.isEmpty()) {
            architectures.put(instanceType, found);
        }
        return found;
    }

    @Override
    public boolean keyPairExists(String name) {
        try {
            return !ec2.describeKeyPairs(r -> r.keyNames(name)).keyPairs().isEmpty();
        } catch (Ec2Exception e) {
            if (code(e).equals("InvalidKeyPair.NotFound")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<String> keyPairPublicKey(String name) {
        try {
            return ec2.describeKeyPairs(r -> r.keyNames(name).includePublicKey(true)).keyPairs().stream()
                    .findFirst().map(k -> k.publicKey() == null ? "" : k.publicKey());
        } catch (Ec2Exception e) {
            if (code(e).equals("InvalidKeyPair.NotFound")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void importKeyPair(String name, String publicKey, Map<String, String> tags) {
        try {
            ec2.importKeyPair(r -> r.keyName(name)
                    .publicKeyMaterial(SdkBytes.fromString(publicKey, StandardCharsets.US_ASCII))
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.KEY_PAIR)
                            .tags(tags(tags)).build()));
        } catch (Ec2Exception e) {
            if (!code(e).equals("InvalidKeyPair.Duplicate")) { // a concurrent launch imported it first
                throw new Ec2RefusedException(code(e), message(e), e);
            }
        }
    }

    @Override
    public String run(BoxSpec box) {
        List<BlockDeviceMapping> mappings = box.disks().stream().map(d -> BlockDeviceMapping.builder()
                .deviceName(d.device()).ebs(e -> e
                        // Volumes outlive the box (invariant 5): the pipeline snapshots them after termination.
                        .deleteOnTermination(false).encrypted(true)
                        .kmsKeyId(d.kmsKeyId())
                        .snapshotId(d.snapshotId())
                        .volumeSize(d.sizeGiB())
                        .volumeInitializationRate(d.initRateMiBs())
                        .volumeType(d.gp3() ? VolumeType.GP3 : null))
                .build()).toList();
        RunInstancesRequest.Builder run = RunInstancesRequest.builder()
                .launchTemplate(lt -> lt.launchTemplateId(box.launchTemplateId()).version("$Default"))
                .imageId(box.imageId())
                .instanceType(box.instanceType())
                .keyName(box.keyName())
                .minCount(1).maxCount(1)
                .clientToken(box.clientToken())
                .blockDeviceMappings(mappings)
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED))
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .userData(box.userData())
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags(box.instanceTags())).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags(box.volumeTags())).build());
        if (box.privateBox()) {
            // Only an interface of the request can refuse a public address; then the subnet and group go on it.
            run.networkInterfaces(n -> n.deviceIndex(0).subnetId(box.subnetId()).groups(box.securityGroupId())
                    .associatePublicIpAddress(false));
        } else {
            run.subnetId(box.subnetId()).securityGroupIds(box.securityGroupId());
        }
        if (box.spot()) {
            // One-time, terminate on interruption: an interrupted box is saved like any ended box.
            run.instanceMarketOptions(mo -> mo.marketType(MarketType.SPOT).spotOptions(so -> so
                    .spotInstanceType(SpotInstanceType.ONE_TIME)
                    .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)));
        }
        try {
            return ec2.runInstances(run.build()).instances().get(0).instanceId();
        } catch (Ec2Exception e) {
            // After a 5xx the box may exist: the caller looks for it (and retries the token) before giving up.
            throw new Ec2RefusedException(code(e), message(e), e.statusCode() < 500, e);
        }
    }

    @Override
    public List<InstanceView> cycleBoxes(String stack, CycleRef cycle) {
        List<Filter> filters = Ownership.cycleTags(stack, cycle).entrySet().stream()
                .map(t -> Filter.builder().name("tag:" + t.getKey()).values(t.getValue()).build()).toList();
        return ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .sorted(Comparator.comparing(Instance::launchTime, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Instance::instanceId))
                .map(SdkEc2Gateway::view).toList();
    }

    private static LaunchImage view(Image i) {
        List<ImageDisk> disks = i.blockDeviceMappings().stream().filter(m -> m.ebs() != null)
                .map(m -> new ImageDisk(m.deviceName(), m.ebs().snapshotId(), m.ebs().volumeSize())).toList();
        Map<String, String> tags = new java.util.HashMap<>();
        i.tags().forEach(t -> tags.put(t.key(), t.value()));
        return new LaunchImage(i.imageId(), i.ownerId(), i.rootDeviceName(), disks, tags, i.architectureAsString());
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String code(Ec2Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    private static String message(Ec2Exception e) {
        return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    }
}
