package dev.devbox.it;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.events.AwsEvent;
import dev.devbox.emulator.events.FaultPlan;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.ReconcileIncompleteException;
import dev.devbox.adapter.dynamodb.TableTampering;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.testing.FaultInjector;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defects a data-safety review found (issue 9), each reproduced on the emulator:
 * these tests failed before their fix.
 */
@ExtendWith(EmulatorExtension.class)
class ReviewDefectsIT {

    @Test
    void aLeftoverAmiWithTheCyclesNameAndTagsButOtherSnapshotsIsNotAdoptedAndNoVolumeIsDeleted(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            // What a deleted-and-redeployed stack (or a restored table) leaves behind: same name, same tags.
            List<Tag> sameCycle = List.of(tag(ResourceNames.TAG_STACK, Harness.STACK), tag(ResourceNames.TAG_PROJECT, "web"),
                    tag(ResourceNames.TAG_GENERATION, "1"));
            String oldVolume = aws.ec2().createVolume(b -> b.availabilityZone("us-east-1a").size(8)
                    .volumeType(VolumeType.GP3)).volumeId();
            String oldSnapshot = aws.ec2().createSnapshot(b -> b.volumeId(oldVolume)).snapshotId();
            String leftover = aws.ec2().registerImage(b -> b.name("devbox-it-web-g1").rootDeviceName("/dev/sda1")
                    .architecture("x86_64")
                    .blockDeviceMappings(m -> m.deviceName("/dev/sda1").ebs(e -> e.snapshotId(oldSnapshot)))
                    .tagSpecifications(t -> t.resourceType(ResourceType.IMAGE).tags(sameCycle))).imageId();
            h.events.prime();

            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            h.terminate(box);
            h.settle();

            Project project = h.project("web");
            assertEquals(ProjectState.FAILED, project.state(), "must not adopt " + leftover);
            assertTrue(project.failure().reason().contains("other snapshots"), project.failure().reason());
            assertNull(project.imageId(), "the next launch must not boot the leftover image");
            assertEquals(Set.copyOf(box.volumesByDevice().values()), Invariants.remainingVolumes(h),
                    "every volume of the box is kept");
        }
    }

    @Test
    void anAmiOfAnotherStackThatTookTheCyclesNameIsNeverAdopted(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            List<Tag> otherStack = List.of(tag(ResourceNames.TAG_STACK, "someone-else"), tag(ResourceNames.TAG_PROJECT, "web"),
                    tag(ResourceNames.TAG_GENERATION, "1"));
            String otherVolume = aws.ec2().createVolume(b -> b.availabilityZone("us-east-1a").size(8)
                    .volumeType(VolumeType.GP3)).volumeId();
            String otherSnapshot = aws.ec2().createSnapshot(b -> b.volumeId(otherVolume)).snapshotId();
            String squatter = aws.ec2().registerImage(b -> b.name("devbox-it-web-g1").rootDeviceName("/dev/sda1")
                    .architecture("x86_64")
                    .blockDeviceMappings(m -> m.deviceName("/dev/sda1").ebs(e -> e.snapshotId(otherSnapshot)))
                    .tagSpecifications(t -> t.resourceType(ResourceType.IMAGE).tags(otherStack))).imageId();
            h.events.prime();

            Invariants.Box box = h.launch("web", Harness.volumes(1));
            h.settle();
            h.terminate(box);
            h.settle();

            Project project = h.project("web");
            assertEquals(ProjectState.FAILED, project.state(), "must not adopt " + squatter);
            assertTrue(project.failure().reason().contains("devbox did not register"), project.failure().reason());
            assertEquals(Set.copyOf(box.volumesByDevice().values()), Invariants.remainingVolumes(h), "every volume kept");
        }
    }

    @Test
    void aMappedVolumeGoneAtTerminationEndsFailedWithTheReasonInsteadOfSnapshottingForever(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            h.terminate(box);
            // The user deleted the data volume (or had switched DeleteOnTermination on): it is gone at termination.
            String gone = box.volumesByDevice().get("/dev/sdf");
            h.deletedByUser(box, gone);
            h.settle();
            for (int run = 0; run < 4 && h.project("web").state() == ProjectState.SNAPSHOTTING; run++) {
                h.reconcileLater();
            }

            Project project = h.project("web");
            assertEquals(ProjectState.FAILED, project.state(), "never stuck: " + project.state());
            assertTrue(project.failure().reason().contains(gone), project.failure().reason());
            assertTrue(Invariants.remainingVolumes(h).contains(box.volumesByDevice().get("/dev/sda1")),
                    "the root volume is kept");
        }
    }

    @Test
    void oneProjectsFailingStepDoesNotStopTheReconcilerForTheOthers(LocalAws aws) {
        // Instance events lost: only the reconciler can find that the boxes ended.
        try (Harness h = new Harness(aws).withEventFaults(
                FaultPlan.dropping(e -> e.detailType().equals(AwsEvent.INSTANCE_STATE_CHANGE)), null)) {
            Invariants.Box a = h.launch("alpha", Harness.volumes(1));
            Invariants.Box b = h.launch("beta", Harness.volumes(1));
            h.settle();
            h.reconcileLater(); // records both mappings while the boxes run
            h.terminate(a);
            h.terminate(b);
            h.settle();

            h.faults.armOnOperation("CreateSnapshot", FaultInjector.Mode.SERVER_ERROR);
            assertThrows(ReconcileIncompleteException.class, h::reconcileLater,
                    "the pass reports the failure after visiting every project");
            h.faults.disarm();
            h.settle();
            assertTrue(Stream.of("alpha", "beta").anyMatch(p -> h.project(p).state() == ProjectState.READY),
                    "the project after the failing one was still advanced: alpha " + h.project("alpha").state()
                            + ", beta " + h.project("beta").state());

            for (int run = 0; run < 4; run++) {
                h.reconcileLater();
            }
            assertEquals(ProjectState.READY, h.project("alpha").state());
            assertEquals(ProjectState.READY, h.project("beta").state());
            Invariants.check(h);
        }
    }

    @Test
    void cleanupStaysPendingWhileAVolumeOfTheSavedCycleCannotBeDeletedYet(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            h.terminate(box);
            // Before the pipeline finishes, the user attaches the data volume to another instance.
            String data = box.volumesByDevice().get("/dev/sdf");
            String other = aws.ec2().runInstances(b -> b.imageId(LocalAws.UBUNTU_2404_AMD64).minCount(1).maxCount(1))
                    .instances().get(0).instanceId();
            aws.ec2().attachVolume(b -> b.volumeId(data).instanceId(other).device("/dev/sdh"));
            h.settle();

            assertEquals(ProjectState.READY, h.project("web").state());
            assertTrue(h.project("web").cleanupPending(), "a volume is left: the reconciler must come back for it");
            assertTrue(Invariants.remainingVolumes(h).contains(data), "an attached volume is never deleted");

            aws.ec2().detachVolume(b -> b.volumeId(data).instanceId(other).device("/dev/sdh"));
            h.reconcileLater();
            assertEquals(Set.of(), Invariants.remainingVolumes(h), "the leftover is deleted on the next pass");
            assertTrue(!h.project("web").cleanupPending(), "and only then is cleanup finished");
            Invariants.check(h);
        }
    }

    @Test
    void aVolumeTheUserAttachedAfterLaunchIsSavedInTheCyclesAmi(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            Invariants.Box launched = h.launch("web", Harness.volumes(1));
            h.settle();
            String zone = aws.ec2().describeInstances(b -> b.instanceIds(launched.instanceId())).reservations().get(0)
                    .instances().get(0).placement().availabilityZone();
            String extra = aws.ec2().createVolume(b -> b.availabilityZone(zone).size(7).volumeType(VolumeType.GP3))
                    .volumeId();
            Invariants.Box box = h.attached(launched, "/dev/sdh", extra);
            h.reconcileLater(); // the box runs a while: the reconciler sees what is attached now
            h.terminate(box);
            h.settle();

            Project project = h.project("web");
            assertEquals(ProjectState.READY, project.state());
            var image = aws.ec2().describeImages(b -> b.imageIds(project.imageId())).images().get(0);
            String sdh = image.blockDeviceMappings().stream().filter(m -> m.deviceName().equals("/dev/sdh"))
                    .map(m -> m.ebs().snapshotId()).findFirst().orElse(null);
            assertTrue(sdh != null, "the AMI holds /dev/sdh: " + image.blockDeviceMappings());
            assertEquals(extra, aws.ec2().describeSnapshots(b -> b.snapshotIds(sdh)).snapshots().get(0).volumeId(),
                    "from the volume the user attached");
            Invariants.check(h);
        }
    }

    @Test
    void aVolumeTheTableNamesButTheBoxNeverHadIsNeitherCopiedNorDeleted(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            Invariants.Box box = h.launch("web", Harness.volumes(1));
            h.settle();
            String foreign = foreignVolume(aws, box);
            // A rewritten table claims someone else's volume for this box.
            TableTampering.plantVolume(aws.dynamo(), h.table, box.cycle().project(), box.cycle().generation(),
                    new VolumeMapping("/dev/sdz", foreign, "gp3", 5, 3000, 125, false, null));
            h.terminate(box);
            h.settle();

            Project project = h.project("web");
            assertEquals(ProjectState.FAILED, project.state(), "the foreign volume is not copied into an AMI");
            assertTrue(project.failure().reason().contains(foreign), project.failure().reason());
            assertTrue(aws.ec2().describeVolumes(b -> b.volumeIds(foreign)).volumes().size() == 1, "and kept");
        }
    }

    @Test
    void cleanupLeavesAVolumeTheTableNamesButDevboxNeverTagged(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            h.terminate(box);
            // Keep cleanup pending (the data volume is attached elsewhere for a while) ...
            String data = box.volumesByDevice().get("/dev/sdf");
            String other = aws.ec2().runInstances(b -> b.imageId(LocalAws.UBUNTU_2404_AMD64).minCount(1).maxCount(1))
                    .instances().get(0).instanceId();
            aws.ec2().attachVolume(b -> b.volumeId(data).instanceId(other).device("/dev/sdh"));
            h.settle();
            assertTrue(h.project("web").cleanupPending());
            // ... while a rewritten table adds someone else's volume to the saved cycle.
            String foreign = foreignVolume(aws, box);
            TableTampering.plantVolume(aws.dynamo(), h.table, box.cycle().project(), box.cycle().generation(),
                    new VolumeMapping("/dev/sdz", foreign, "gp3", 5, 3000, 125, false, null));
            aws.ec2().detachVolume(b -> b.volumeId(data).instanceId(other).device("/dev/sdh"));
            h.reconcileLater();

            assertTrue(aws.ec2().describeVolumes(b -> b.volumeIds(foreign)).volumes().size() == 1,
                    "a volume without devbox's tags is never deleted, whatever the table says");
            assertTrue(!h.project("web").cleanupPending(), "and is no longer tracked");
        }
    }

    @Test
    void aStackDeployedAgainUnderTheSameNameNeverMeetsItsPredecessorsAmis(LocalAws aws) {
        String leftover;
        try (Harness before = new Harness(aws, PipelineSettings.defaults(Harness.STACK).withDeployment("aaaa1111"), true)) {
            Invariants.Box box = before.launch("web", Harness.volumes(1));
            before.settle();
            before.terminate(box);
            before.settle();
            leftover = before.project("web").imageId();
        }
        // The stack is deleted (its table with it) and deployed again: same name, new table, new stack id.
        try (Harness after = new Harness(aws, PipelineSettings.defaults(Harness.STACK).withDeployment("bbbb2222"), true)) {
            Invariants.Box box = after.launch("web", Harness.volumes(1));
            after.settle();
            after.terminate(box);
            after.settle();

            Project project = after.project("web");
            assertEquals(ProjectState.READY, project.state(), "a new AMI, not a refused adoption: " + project.failure());
            assertTrue(!leftover.equals(project.imageId()), "the predecessor's AMI is not adopted");
            assertEquals(1, aws.ec2().describeImages(b -> b.imageIds(leftover)).images().size(), "nor touched");
        }
    }

    private static String foreignVolume(LocalAws aws, Invariants.Box box) {
        String zone = aws.ec2().describeInstances(b -> b.instanceIds(box.instanceId())).reservations().get(0)
                .instances().get(0).placement().availabilityZone();
        return aws.ec2().createVolume(b -> b.availabilityZone(zone).size(5).volumeType(VolumeType.GP3)).volumeId();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
