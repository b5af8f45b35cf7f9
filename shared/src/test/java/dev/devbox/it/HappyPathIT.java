package dev.devbox.it;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.testing.ForeignResources;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(EmulatorExtension.class)
class HappyPathIT {

    @ParameterizedTest(name = "{0} volume(s)")
    @ValueSource(ints = {1, 3})
    void aTerminatedBoxBecomesReadyWithAnAmiMatchingItsVolumes(int volumeCount, LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ForeignResources foreign = ForeignResources.seed(aws.ec2(), "web");
            h.events.prime();
            Invariants.Box box = h.launch("web", Harness.volumes(volumeCount));
            Map<String, Volume> original = aws.ec2().describeVolumes(b -> b.volumeIds(box.volumesByDevice().values()))
                    .volumes().stream().collect(Collectors.toMap(v -> v.attachments().get(0).device(), v -> v));
            h.settle();
            foreign.terminateInstances();
            h.terminate(box);
            h.settle();

            Project project = h.project("web");
            assertEquals(ProjectState.READY, project.state());
            assertEquals(1, project.generation());
            List<Image> images = aws.ec2().describeImages(b -> b.owners("self")
                    .filters(f -> f.name("tag:devbox:stack").values(Harness.STACK))).images();
            assertEquals(1, images.size(), "exactly one project AMI");
            Image image = images.get(0);
            assertEquals(project.imageId(), image.imageId());
            assertEquals("devbox-it-web-g1", image.name());
            assertEquals("/dev/sda1", image.rootDeviceName());
            assertEquals("x86_64", image.architectureAsString());
            Map<String, BlockDeviceMapping> mappings = image.blockDeviceMappings().stream()
                    .collect(Collectors.toMap(BlockDeviceMapping::deviceName, m -> m));
            assertEquals(original.keySet(), mappings.keySet(), "device names");
            original.forEach((device, volume) -> {
                BlockDeviceMapping m = mappings.get(device);
                assertEquals(volume.volumeTypeAsString(), m.ebs().volumeTypeAsString(), device + " type");
                assertEquals(volume.size(), m.ebs().volumeSize(), device + " size");
                assertFalse(m.ebs().deleteOnTermination(), device + " DeleteOnTermination");
            });
            assertTrue(Invariants.remainingVolumes(h).isEmpty(), "source volumes deleted");
            assertEquals(List.of("Project Ready"), h.published.events().stream().map(e -> e.detailType()).toList());
            assertFalse(h.project("web").cleanupPending());
            Invariants.check(h);
            foreign.assertUntouched();
        }
    }

    @Test
    void theNextLaunchStartsFromTheProjectAmiAndRetentionRetiresTheOldest(LocalAws aws) {
        try (Harness h = new Harness(aws, PipelineSettings.defaults(Harness.STACK).withRetainImages(2), true)) {
            ForeignResources foreign = ForeignResources.seed(aws.ec2(), "api");
            h.events.prime();
            for (int cycle = 1; cycle <= 4; cycle++) {
                Invariants.Box box = h.launch("api", Harness.volumes(2));
                h.settle();
                h.terminate(box);
                h.settle();
                assertEquals(ProjectState.READY, h.project("api").state(), "cycle " + cycle);
                Invariants.check(h);
            }
            List<String> names = aws.ec2().describeImages(b -> b.owners("self")
                            .filters(f -> f.name("tag:devbox:stack").values(Harness.STACK))).images().stream()
                    .map(Image::name).sorted().toList();
            assertEquals(List.of("devbox-it-api-g3", "devbox-it-api-g4"), names);
            long snapshots = aws.ec2().describeSnapshots(b -> b.ownerIds("self")
                    .filters(f -> f.name("tag:devbox:stack").values(Harness.STACK))).snapshots().size();
            assertEquals(4, snapshots, "two retained AMIs of two snapshots each");
            assertTrue(Invariants.remainingVolumes(h).isEmpty());
            foreign.assertUntouched();
        }
    }
}
