package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.MACHINE;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.SETTINGS;
import static dev.devbox.pipeline.Fixtures.STACK;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.project;
import static dev.devbox.pipeline.Fixtures.volume;
import static dev.devbox.pipeline.Fixtures.withoutMapping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Invariant 4: the mapping is recorded (volumes tagged first) while the box still reports it. */
class MappingCaptureTest {
    private static final CycleRef CYCLE = cycle(2);
    private static final Map<String, String> OWN_TAGS = Map.of("devbox:stack", STACK, "devbox:project", "web");

    private final CycleStore cycles = mock(CycleStore.class);
    private final Ec2Gateway ec2 = mock(Ec2Gateway.class);
    private final MappingCapture capture = new MappingCapture(cycles, ec2, SETTINGS, CLOCK, Fixtures.quietLog());
    private final Project uncaptured = withoutMapping(project(ProjectState.RUNNING, 2));

    @Test
    void tagsTheVolumesThenRecordsThemUnderTheDeviceNamesTheInstanceReports() {
        volumesExist("vol-1", "vol-2");
        when(cycles.recordMapping(any(), any(), anyList(), any())).thenReturn(true);

        assertTrue(capture.capture(uncaptured, instance(OWN_TAGS, devices("/dev/sda1", "vol-1", "/dev/sdf", "vol-2"))));

        InOrder order = inOrder(ec2, cycles);
        order.verify(ec2).tag(ids("vol-1", "vol-2"), org.mockito.ArgumentMatchers.eq(Ownership.cycleTags(STACK, CYCLE)));
        order.verify(cycles).recordMapping(CYCLE, MACHINE, List.of(
                new VolumeMapping("/dev/sda1", "vol-1", "io2", 30, 4000, null, true, "key-1"),
                new VolumeMapping("/dev/sdf", "vol-2", "io2", 30, 4000, null, true, "key-1")), NOW);
    }

    @Test
    void tagsOnlyTheVolumesThatDoNotCarryThisCyclesTagsYet() {
        // RunInstances tagged the root volume; the CLI's policy may not tag it again (it tags only as a launch creates).
        Map<String, String> cycleTags = Ownership.cycleTags(STACK, CYCLE);
        Map<String, String> olderCycle = Ownership.cycleTags(STACK, cycle(1));
        when(ec2.volumes(anyCollection())).thenReturn(List.of(
                new VolumeView(new VolumeMapping("", "vol-1", "gp3", 8, null, null, true, null), "in-use", cycleTags),
                new VolumeView(new VolumeMapping("", "vol-2", "gp3", 8, null, null, true, null), "in-use", Map.of()),
                new VolumeView(new VolumeMapping("", "vol-3", "gp3", 8, null, null, true, null), "in-use", olderCycle)));
        when(cycles.recordMapping(any(), any(), anyList(), any())).thenReturn(true);

        assertTrue(capture.capture(uncaptured,
                instance(OWN_TAGS, devices("/dev/sda1", "vol-1", "/dev/sdf", "vol-2", "/dev/sdg", "vol-3"))));

        InOrder order = inOrder(ec2, cycles);
        order.verify(ec2).tag(ids("vol-2", "vol-3"), org.mockito.ArgumentMatchers.eq(cycleTags));
        order.verify(cycles).recordMapping(any(), any(), anyList(), any());
    }

    @Test
    void reportsWhetherThisCallRecordedIt() {
        volumesExist("vol-1");
        when(cycles.recordMapping(any(), any(), anyList(), any())).thenReturn(false);

        assertFalse(capture.capture(uncaptured, instance(OWN_TAGS, devices("/dev/sda1", "vol-1"))));
    }

    @Test
    void anInstanceWithoutThisProjectsTagsIsNeverTaggedOrRecorded() {
        volumesExist("vol-1");
        for (Map<String, String> tags : List.of(Map.<String, String>of(), Map.of("devbox:stack", "other", "devbox:project", "web"),
                Map.of("devbox:stack", STACK, "devbox:project", "api"))) {
            assertFalse(capture.capture(uncaptured, instance(tags, devices("/dev/sda1", "vol-1"))));
        }
        verify(ec2, never()).tag(anyCollection(), any());
        verifyNoInteractions(cycles);
    }

    @Test
    void onlyARunningProjectIsCaptured() {
        volumesExist("vol-1");
        for (ProjectState s : ProjectState.values()) {
            if (s != ProjectState.RUNNING) {
                Project p = withoutMapping(project(s, 2));
                assertFalse(capture.capture(p, instance(OWN_TAGS, devices("/dev/sda1", "vol-1"))));
                assertFalse(capture.capture(p, "i-1"));
            }
        }
        verify(ec2, never()).tag(anyCollection(), any());
        verify(ec2, never()).instances(anyCollection());
        verifyNoInteractions(cycles);
    }

    @Test
    void nothingIsRecordedWhileTheInstanceReportsNoMappingOrAVolumeCannotBeDescribed() {
        volumesExist("vol-1");
        assertFalse(capture.capture(uncaptured, new InstanceView("i-1", "running", OWN_TAGS, null,
                devices("/dev/sda1", "vol-1"))));
        assertFalse(capture.capture(uncaptured, instance(OWN_TAGS, Map.of())));
        // vol-2 not (yet) visible: a partial mapping would leave a volume out of the AMI.
        assertFalse(capture.capture(uncaptured, instance(OWN_TAGS, devices("/dev/sda1", "vol-1", "/dev/sdf", "vol-2"))));

        verify(ec2, never()).tag(anyCollection(), any());
        verifyNoInteractions(cycles);
    }

    @Test
    void describesTheInstanceWhenGivenOnlyItsId() {
        volumesExist("vol-1");
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(instance(OWN_TAGS, devices("/dev/sda1", "vol-1"))));
        when(cycles.recordMapping(any(), any(), anyList(), any())).thenReturn(true);

        assertTrue(capture.capture(uncaptured, "i-1"));
        verify(cycles).recordMapping(any(), any(), anyList(), any());

        when(ec2.instances(List.of("i-2"))).thenReturn(List.of());
        assertFalse(capture.capture(uncaptured, "i-2"));
    }

    @Test
    void volumesAttachedAfterTheMappingWasRecordedAreTaggedAndAdded() {
        Project captured = project(ProjectState.RUNNING, 2);
        when(cycles.volumes(CYCLE)).thenReturn(List.of(volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, 0)));
        volumesExist("vol-3");
        when(cycles.recordAttachedVolumes(any(), anyList())).thenReturn(true);

        assertTrue(capture.capture(captured, instance(OWN_TAGS, devices("/dev/sda1", "vol-1", "/dev/sdh", "vol-3"))));

        InOrder order = inOrder(ec2, cycles);
        order.verify(ec2).tag(ids("vol-3"), org.mockito.ArgumentMatchers.eq(Ownership.cycleTags(STACK, CYCLE)));
        order.verify(cycles).recordAttachedVolumes(CYCLE, List.of(
                new VolumeMapping("/dev/sdh", "vol-3", "io2", 30, 4000, null, true, "key-1")));
        verify(cycles, never()).recordMapping(any(), any(), anyList(), any());
    }

    @Test
    void aRecordedMappingWithNothingNewChangesNothing() {
        Project captured = project(ProjectState.RUNNING, 2);
        when(cycles.volumes(CYCLE)).thenReturn(List.of(volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, 0)));
        volumesExist("vol-1");

        assertFalse(capture.capture(captured, instance(OWN_TAGS, devices("/dev/sda1", "vol-1"))));

        verify(ec2, never()).tag(anyCollection(), any());
        verify(cycles, never()).recordAttachedVolumes(any(), anyList());
    }

    @Test
    void anAttachedVolumeThatCannotBeDescribedYetIsLeftForTheNextPass() {
        Project captured = project(ProjectState.RUNNING, 2);
        when(cycles.volumes(CYCLE)).thenReturn(List.of(volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, 0)));
        volumesExist();

        assertFalse(capture.capture(captured, instance(OWN_TAGS, devices("/dev/sda1", "vol-1", "/dev/sdh", "vol-3"))));

        verify(ec2, never()).tag(anyCollection(), any());
        verify(cycles, never()).recordAttachedVolumes(any(), anyList());
    }

    /** The ids as a collection of any kind, in order. */
    private static java.util.Collection<String> ids(String... ids) {
        return org.mockito.ArgumentMatchers.argThat(c -> List.copyOf(c).equals(List.of(ids)));
    }

    private void volumesExist(String... ids) {
        when(ec2.volumes(anyCollection())).thenAnswer(i -> {
            Set<String> known = Set.of(ids);
            return ((java.util.Collection<String>) i.getArgument(0)).stream().filter(known::contains)
                    // EC2 reports the last device name (maybe none): the instance's name is the one that counts.
                    .map(id -> new VolumeView(new VolumeMapping("", id, "io2", 30, 4000, null, true, "key-1"),
                            "in-use", Map.of()))
                    .toList();
        });
    }

    private static InstanceView instance(Map<String, String> tags, Map<String, String> devices) {
        return new InstanceView("i-1", "running", tags, MACHINE, devices);
    }

    private static Map<String, String> devices(String... deviceThenVolume) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (int i = 0; i < deviceThenVolume.length; i += 2) {
            devices.put(deviceThenVolume[i], deviceThenVolume[i + 1]);
        }
        assertEquals(deviceThenVolume.length / 2, devices.size());
        return devices;
    }
}
