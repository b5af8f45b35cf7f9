package dev.devbox.adapter.ec2;

import dev.devbox.domain.ResourceNames;
import dev.devbox.port.ReadEc2;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeStatusItem;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ReadEc2} on the SDK: Describe calls only, filtered by id so an unknown id is simply absent. */
final class SdkReadEc2 implements ReadEc2 {
    /** EC2 takes at most 200 values in one filter; an admin's list of everyone can name more boxes. */
    static final int FILTER_VALUES = 200;
    private final Ec2Client ec2;
    private final boolean volumeStatus;

    /** {@code volumeStatus}: false where DescribeVolumeStatus is missing (the emulator answers it with retried 5xx). */
    SdkReadEc2(Ec2Client ec2, boolean volumeStatus) {
        this.ec2 = ec2;
        this.volumeStatus = volumeStatus;
    }

    @Override
    public List<BoxFacts> boxes(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        List<BoxFacts> boxes = new ArrayList<>();
        for (List<String> ids : chunks(instanceIds)) {
            ec2.describeInstancesPaginator(r -> r.filters(filter("instance-id", ids))).reservations()
                    .forEach(r -> r.instances().forEach(i -> boxes.add(facts(i))));
        }
        return boxes;
    }

    @Override
    public List<VolumeFacts> attachedVolumes(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        List<VolumeFacts> volumes = new ArrayList<>();
        for (List<String> ids : chunks(instanceIds)) {
            ec2.describeVolumesPaginator(r -> r.filters(filter("attachment.instance-id", ids))).volumes()
                    .forEach(v -> v.attachments().stream().findFirst().ifPresent(a -> volumes.add(new VolumeFacts(
                            v.volumeId(), a.instanceId(), a.device(), v.volumeTypeAsString(),
                            v.size() == null ? 0 : v.size()))));
        }
        return volumes;
    }

    @Override
    public Map<String, VolumeInit> initialization(Collection<String> volumeIds) {
        if (!volumeStatus || volumeIds.isEmpty()) {
            return Map.of();
        }
        Map<String, VolumeInit> result = new HashMap<>();
        try {
            for (VolumeStatusItem item : ec2.describeVolumeStatus(r -> r.volumeIds(volumeIds)).volumeStatuses()) {
                var details = item.initializationStatusDetails();
                if (details != null && details.progress() != null) {
                    result.put(item.volumeId(), new VolumeInit(details.progress(),
                            details.estimatedTimeToCompleteInSeconds()));
                }
            }
        } catch (SdkException e) {
            return Map.of(); // progress is a nicety: the caller shows an estimate instead
        }
        return result;
    }

    @Override
    public List<ImageFacts> stackImages(String stack) {
        List<ImageFacts> images = new ArrayList<>();
        ec2.describeImagesPaginator(r -> r.owners("self")
                        .filters(filter("tag:" + ResourceNames.TAG_STACK, List.of(stack)))).images()
                .forEach(i -> images.add(facts(i)));
        return images;
    }

    @Override
    public List<ImageFacts> images(Collection<String> imageIds) {
        if (imageIds.isEmpty()) {
            return List.of();
        }
        return ec2.describeImages(r -> r.owners("self").filters(filter("image-id", imageIds))).images().stream()
                .map(SdkReadEc2::facts).toList();
    }

    @Override
    public Optional<BigDecimal> spotPrice(String instanceType, String zone, Instant at) {
        try {
            List<SpotPrice> prices = ec2.describeSpotPriceHistory(r -> {
                r.instanceTypesWithStrings(instanceType).productDescriptions("Linux/UNIX").startTime(at).maxResults(10);
                if (zone != null) {
                    r.filters(filter("availability-zone", List.of(zone)));
                }
            }).spotPriceHistory();
            return prices.stream().max(Comparator.comparing(p -> p.timestamp() == null ? Instant.EPOCH : p.timestamp()))
                    .map(p -> new BigDecimal(p.spotPrice()));
        } catch (SdkException | NumberFormatException e) {
            return Optional.empty(); // the cost is then shown at the on-demand rate, and said to be
        }
    }

    private static BoxFacts facts(Instance i) {
        return new BoxFacts(i.instanceId(), i.state() == null ? null : i.state().nameAsString(),
                i.stateReason() == null ? null : i.stateReason().message(), i.instanceTypeAsString(),
                i.publicIpAddress(), blankToNull(i.publicDnsName()), i.privateIpAddress(), i.keyName(), i.launchTime(),
                i.placement() == null ? null : i.placement().availabilityZone(),
                i.instanceLifecycle() == InstanceLifecycleType.SPOT, tags(i.tags()));
    }

    private static ImageFacts facts(Image i) {
        List<ImageDisk> disks = new ArrayList<>();
        i.blockDeviceMappings().forEach(m -> {
            if (m.ebs() != null && m.ebs().volumeSize() != null) {
                disks.add(new ImageDisk(m.deviceName(), m.ebs().snapshotId(), m.ebs().volumeTypeAsString(),
                        m.ebs().volumeSize()));
            }
        });
        return new ImageFacts(i.imageId(), i.creationDate() == null ? null : Instant.parse(i.creationDate()),
                tags(i.tags()), disks);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    static List<List<String>> chunks(Collection<String> values) {
        List<String> all = List.copyOf(values);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += FILTER_VALUES) {
            chunks.add(all.subList(i, Math.min(all.size(), i + FILTER_VALUES)));
        }
        return chunks;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
