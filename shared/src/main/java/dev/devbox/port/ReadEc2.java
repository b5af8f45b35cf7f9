package dev.devbox.port;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the control plane reads of EC2 to show developers their projects: boxes with what the CLI
 * renders (address, market, launch time), their volumes and initialization, the stack's AMIs and
 * Spot prices. Read-only; batched per request, never per project.
 */
public interface ReadEc2 {

    /** Boxes by id, in any state; ids EC2 does not know are left out. */
    List<BoxFacts> boxes(Collection<String> instanceIds);

    /** The EBS volumes attached to these boxes. */
    List<VolumeFacts> attachedVolumes(Collection<String> instanceIds);

    /** EC2's initialization progress of these volumes, where it reports one (empty where it cannot). */
    Map<String, VolumeInit> initialization(Collection<String> volumeIds);

    /** Every AMI of this account tagged for the stack (all projects, paginated). */
    List<ImageFacts> stackImages(String stack);

    /** These AMIs of this account; ids EC2 does not know are left out. */
    List<ImageFacts> images(Collection<String> imageIds);

    /** The newest Spot price of a Linux type in a zone, if EC2 gives one. */
    Optional<BigDecimal> spotPrice(String instanceType, String zone, Instant at);

    /** A box as `list` and `status` show it; {@code launchTime} and the addresses may be null. */
    record BoxFacts(String instanceId, String state, String stateReason, String instanceType, String publicIp,
                    String publicDns, String privateIp, String keyName, Instant launchTime, String zone,
                    boolean spot, Map<String, String> tags) {
    }

    record VolumeFacts(String volumeId, String instanceId, String device, String type, int sizeGiB) {
    }

    record VolumeInit(long progressPercent, Long secondsLeft) {
    }

    /** An AMI with its tags and EBS devices. */
    record ImageFacts(String imageId, Instant created, Map<String, String> tags, List<ImageDisk> disks) {
    }

    record ImageDisk(String device, String snapshotId, String type, int sizeGiB) {
    }
}
