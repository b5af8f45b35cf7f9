package dev.devbox.adapter.ec2;

import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.Ec2Gateway.ImageDevice;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** RegisterImage refuses IOPS on gp2 and throughput on anything but gp3: the mapping sends only what fits. */
class ImageMappingTest {

    private static BlockDeviceMapping mapping(String type, Integer iops, Integer throughput) {
        return SdkEc2Gateway.mapping(new ImageDevice(
                new VolumeMapping("/dev/sdf", "vol-1", type, 50, iops, throughput, true, null), "snap-1"));
    }

    @Test
    void gp2SendsNeitherIopsNorThroughput() {
        BlockDeviceMapping m = mapping("gp2", 150, null);
        assertNull(m.ebs().iops(), "gp2 reports baseline IOPS that RegisterImage refuses");
        assertNull(m.ebs().throughput());
        assertEquals("gp2", m.ebs().volumeTypeAsString());
    }

    @Test
    void gp3KeepsIopsAndThroughput() {
        BlockDeviceMapping m = mapping("gp3", 3000, 125);
        assertEquals(3000, m.ebs().iops());
        assertEquals(125, m.ebs().throughput());
    }

    @Test
    void io1KeepsIopsButNoThroughput() {
        BlockDeviceMapping m = mapping("io1", 300, 500);
        assertEquals(300, m.ebs().iops());
        assertNull(m.ebs().throughput());
    }

    @Test
    void everyMappingKeepsItsSnapshotAndIsNeverDeletedOnTermination() {
        BlockDeviceMapping m = mapping("st1", null, null);
        assertEquals("snap-1", m.ebs().snapshotId());
        assertEquals(50, m.ebs().volumeSize());
        assertFalse(m.ebs().deleteOnTermination());
    }
}
