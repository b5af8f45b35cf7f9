package dev.devbox.emulator;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** Small builders for the EC2 worlds the emulator tests need. */
public final class Ec2Scenarios {
    private Ec2Scenarios() {
    }

    /** devbox's emulator's Ubuntu image, or any public image another emulator knows. */
    public static String someBaseImage(Ec2Client ec2) {
        List<Image> ours = ec2.describeImages(b -> b.filters(f -> f.name("image-id").values(LocalAws.UBUNTU_2404_AMD64)))
                .images();
        if (!ours.isEmpty()) {
            return ours.get(0).imageId();
        }
        return ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
    }

    public static BlockDeviceMapping ebs(String device, int sizeGiB, VolumeType type) {
        return BlockDeviceMapping.builder().deviceName(device)
                .ebs(e -> e.volumeSize(sizeGiB).volumeType(type).encrypted(true).deleteOnTermination(false))
                .build();
    }

    /** A running instance with these mappings; returns its id. */
    public static String runInstance(Ec2Client ec2, String imageId, BlockDeviceMapping... mappings) {
        return ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).instanceType("t3.small")
                        .blockDeviceMappings(mappings))
                .instances().get(0).instanceId();
    }

    public static List<Volume> volumesOf(Ec2Client ec2, String instanceId) {
        return ec2.describeVolumes(b -> b.filters(f -> f.name("attachment.instance-id").values(instanceId))).volumes();
    }

    public static Volume volume(Ec2Client ec2, String volumeId) {
        return ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0);
    }
}
