package dev.devbox.emulator;

import static dev.devbox.emulator.Ec2Scenarios.ebs;
import static dev.devbox.emulator.Ec2Scenarios.runInstance;
import static dev.devbox.emulator.Ec2Scenarios.someBaseImage;
import static dev.devbox.emulator.Ec2Scenarios.volumesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.emulator.junit.EmulatorExtension;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Each fidelity patch of devbox_moto.py, shown answering as the EC2 API
 * reference documents. Without the patches every test here fails on moto 5.2.
 */
@ExtendWith(EmulatorExtension.class)
class EmulatorFidelityIT {

    @Test
    void launcherReportsEveryPatch(LocalAws aws) {
        assertEquals(List.of("register-image-keeps-mappings", "run-instances-restores-ami-volumes",
                "duplicate-ami-name-refused", "in-use-snapshot-delete-refused"), aws.fidelityPatches());
    }

    @Test
    void registerImageKeepsMappingsAndAttributes(LocalAws aws) {
        Ec2Client ec2 = aws.ec2();
        Map<String, String> snapshots = snapshotTwoVolumes(ec2);

        Image image = registerProjectImage(ec2, "keeps-mappings", snapshots);

        assertEquals(ArchitectureValues.ARM64, image.architecture());
        assertEquals("/dev/sda1", image.rootDeviceName());
        assertTrue(image.enaSupport());
        assertEquals(BootModeValues.UEFI, image.bootMode());
        assertEquals(ImdsSupportValues.V2_0, image.imdsSupport());
        Map<String, BlockDeviceMapping> byDevice = image.blockDeviceMappings().stream()
                .collect(Collectors.toMap(BlockDeviceMapping::deviceName, m -> m));
        assertEquals(2, byDevice.size());
        assertEquals(snapshots.get("/dev/sda1"), byDevice.get("/dev/sda1").ebs().snapshotId());
        assertEquals(20, byDevice.get("/dev/sda1").ebs().volumeSize());
        assertEquals(VolumeType.GP3, byDevice.get("/dev/sda1").ebs().volumeType());
        assertEquals(snapshots.get("/dev/sdf"), byDevice.get("/dev/sdf").ebs().snapshotId());
        assertEquals(50, byDevice.get("/dev/sdf").ebs().volumeSize());
        assertFalse(byDevice.get("/dev/sdf").ebs().deleteOnTermination());
        assertEquals("devbox", image.tags().get(0).value());
    }

    @Test
    void runInstancesRestoresTheImagesVolumes(LocalAws aws) {
        Ec2Client ec2 = aws.ec2();
        Map<String, String> snapshots = snapshotTwoVolumes(ec2);
        Image image = registerProjectImage(ec2, "restores", snapshots);

        String instance = ec2.runInstances(b -> b.imageId(image.imageId()).minCount(1).maxCount(1))
                .instances().get(0).instanceId();

        List<Volume> volumes = volumesOf(ec2, instance).stream()
                .sorted(Comparator.comparing(v -> v.attachments().get(0).device())).toList();
        assertEquals(2, volumes.size());
        assertEquals("/dev/sda1", volumes.get(0).attachments().get(0).device());
        assertEquals(snapshots.get("/dev/sda1"), volumes.get(0).snapshotId());
        assertEquals(20, volumes.get(0).size());
        assertEquals(VolumeType.GP3, volumes.get(0).volumeType());
        assertEquals(snapshots.get("/dev/sdf"), volumes.get(1).snapshotId());
        assertEquals(50, volumes.get(1).size());
        // DeleteOnTermination=false came from the image: terminating keeps both volumes.
        ec2.terminateInstances(b -> b.instanceIds(instance));
        for (Volume volume : volumes) {
            assertEquals("available", Ec2Scenarios.volume(ec2, volume.volumeId()).stateAsString());
        }
    }

    @Test
    void requestMappingsOverrideTheImagesPerDevice(LocalAws aws) {
        Ec2Client ec2 = aws.ec2();
        Image image = registerProjectImage(ec2, "grows", snapshotTwoVolumes(ec2));

        String instance = ec2.runInstances(b -> b.imageId(image.imageId()).minCount(1).maxCount(1)
                .blockDeviceMappings(m -> m.deviceName("/dev/sda1").ebs(e -> e.volumeSize(40))))
                .instances().get(0).instanceId();

        Map<String, Integer> sizes = volumesOf(ec2, instance).stream()
                .collect(Collectors.toMap(v -> v.attachments().get(0).device(), Volume::size));
        assertEquals(Map.of("/dev/sda1", 40, "/dev/sdf", 50), sizes);
    }

    @Test
    void duplicateImageNameIsRefused(LocalAws aws) {
        Ec2Client ec2 = aws.ec2();
        Map<String, String> snapshots = snapshotTwoVolumes(ec2);
        registerProjectImage(ec2, "twice", snapshots);

        Ec2Exception error = assertThrows(Ec2Exception.class, () -> registerProjectImage(ec2, "twice", snapshots));

        assertEquals("InvalidAMIName.Duplicate", error.awsErrorDetails().errorCode());
        assertEquals(1, ec2.describeImages(b -> b.owners("self")).images().size());
    }

    @Test
    void deletingASnapshotAnImageUsesIsRefusedUntilTheImageIsDeregistered(LocalAws aws) {
        Ec2Client ec2 = aws.ec2();
        Map<String, String> snapshots = snapshotTwoVolumes(ec2);
        Image image = registerProjectImage(ec2, "in-use", snapshots);
        String root = snapshots.get("/dev/sda1");

        Ec2Exception error = assertThrows(Ec2Exception.class, () -> ec2.deleteSnapshot(b -> b.snapshotId(root)));
        assertEquals("InvalidSnapshot.InUse", error.awsErrorDetails().errorCode());

        ec2.deregisterImage(b -> b.imageId(image.imageId()));
        ec2.deleteSnapshot(b -> b.snapshotId(root));
        assertTrue(ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots().stream()
                .noneMatch(s -> s.snapshotId().equals(root)));
    }

    /** Runs a two-volume instance, terminates it and snapshots both volumes: device -> snapshot id. */
    private static Map<String, String> snapshotTwoVolumes(Ec2Client ec2) {
        String instance = runInstance(ec2, someBaseImage(ec2),
                ebs("/dev/sda1", 20, VolumeType.GP3), ebs("/dev/sdf", 50, VolumeType.GP3));
        List<Volume> volumes = volumesOf(ec2, instance);
        ec2.terminateInstances(b -> b.instanceIds(instance));
        return volumes.stream().collect(Collectors.toMap(
                v -> v.attachments().get(0).device(),
                v -> ec2.createSnapshot(b -> b.volumeId(v.volumeId())).snapshotId()));
    }

    private static Image registerProjectImage(Ec2Client ec2, String name, Map<String, String> snapshots) {
        List<BlockDeviceMapping> mappings = snapshots.entrySet().stream()
                .map(e -> BlockDeviceMapping.builder().deviceName(e.getKey())
                        .ebs(b -> b.snapshotId(e.getValue()).volumeType(VolumeType.GP3).deleteOnTermination(false))
                        .build())
                .toList();
        String imageId = ec2.registerImage(b -> b.name(name).rootDeviceName("/dev/sda1")
                .architecture(ArchitectureValues.ARM64).enaSupport(true).bootMode(BootModeValues.UEFI)
                .imdsSupport(ImdsSupportValues.V2_0).virtualizationType("hvm").blockDeviceMappings(mappings)
                .tagSpecifications(t -> t.resourceType("image").tags(tag -> tag.key("devbox:stack").value("devbox"))))
                .imageId();
        return ec2.describeImages(b -> b.imageIds(imageId)).images().get(0);
    }
}
