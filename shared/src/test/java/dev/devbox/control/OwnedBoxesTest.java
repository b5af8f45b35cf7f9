package dev.devbox.control;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.pipeline.MappingCapture;
import dev.devbox.port.ControlEc2;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.List;
import dev.devbox.port.CycleStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.devbox.control.ControlFixtures.OWNER;
import static dev.devbox.control.ControlFixtures.box;
import static dev.devbox.control.ControlFixtures.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class OwnedBoxesTest {
    private final ControlEc2 ec2 = mock(ControlEc2.class);
    private final MappingCapture capture = mock(MappingCapture.class);
    private final SshRules ssh = mock(SshRules.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private static final Instant NOW = Instant.parse("2026-12-07T10:14:50Z");
    private final OwnedBoxes boxes = new OwnedBoxes(ec2, capture, ControlFixtures.SETTINGS, ssh, cycles,
            Clock.fixed(NOW, ZoneOffset.UTC), ControlFixtures.quietLog());

    @Test
    void terminatesTheOwnersBoxAfterRecordingItsMappingThenClosesStaleRules() {
        Project p = project(ProjectState.RUNNING, OWNER);
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", OWNER)));
        when(ssh.removeStale(null)).thenReturn(List.of("198.51.100.7/32"));
        OwnedBoxes.Terminated t = boxes.terminate(p);
        assertEquals("i-1", t.instanceId());
        assertEquals(List.of("198.51.100.7/32"), t.closedSsh());
        InOrder order = inOrder(capture, cycles, ec2, ssh);
        order.verify(capture).capture(any(Project.class), any(dev.devbox.port.Ec2Gateway.InstanceView.class));
        order.verify(cycles).recordTerminateAsked(p.cycle(), NOW);
        order.verify(ec2).terminate("i-1");
        order.verify(ssh).removeStale(null);
    }

    @Test
    void neitherAFailedCaptureNorFailedHousekeepingStopsTheTerminate() {
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("stopped", OWNER)));
        when(capture.capture(any(Project.class), any(dev.devbox.port.Ec2Gateway.InstanceView.class)))
                .thenThrow(new IllegalStateException("throttled"));
        when(ssh.removeStale(null)).thenThrow(new IllegalStateException("throttled"));
        when(cycles.recordTerminateAsked(any(), any())).thenThrow(new IllegalStateException("throttled"));
        assertEquals(List.of(), boxes.terminate(project(ProjectState.RUNNING, OWNER)).closedSsh());
        verify(ec2).terminate("i-1");
    }

    @Test
    void aBoxWithoutTheRecordsOwnerTagIsNeverEnded() {
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", "arn:aws:iam::123456789012:user/bob")));
        ControlRefusal e = assertThrows(ControlRefusal.class, () -> boxes.terminate(project(ProjectState.RUNNING, OWNER)));
        assertEquals(ControlRefusal.Kind.CONFLICT, e.kind());
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", null)));
        assertThrows(ControlRefusal.class, () -> boxes.terminate(project(ProjectState.RUNNING, OWNER)));
        assertThrows(ControlRefusal.class, () -> boxes.captureMapping(project(ProjectState.RUNNING, OWNER)));
        verify(ec2, never()).terminate(anyString());
        verify(cycles, never()).recordTerminateAsked(any(), any());
    }

    @Test
    void aLongOwnerIsComparedAsTheLaunchTruncatedItAndALegacyProjectHasNoneToCompare() {
        String longOwner = "arn:aws:sts::123456789012:assumed-role/" + "R".repeat(250) + "/alice";
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", longOwner.substring(0, 256))));
        assertEquals("i-1", boxes.terminate(project(ProjectState.RUNNING, longOwner)).instanceId());
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", longOwner.substring(0, 255))));
        assertThrows(ControlRefusal.class, () -> boxes.terminate(project(ProjectState.RUNNING, longOwner)));
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", null)));
        assertEquals("i-1", boxes.terminate(project(ProjectState.RUNNING, null)).instanceId());
    }

    @Test
    void aBoxThatIsGoneEndingOrOfAnotherCycleIsRefusedWithWhatToDo() {
        ControlRefusal none = assertThrows(ControlRefusal.class, () -> boxes.terminate(project(ProjectState.READY, OWNER)));
        assertEquals(ControlRefusal.Kind.NOT_FOUND, none.kind());
        assertTrue(none.getMessage().contains("devbox launch web"), none.getMessage());

        when(ec2.instances(List.of("i-1"))).thenReturn(List.of());
        assertTrue(assertThrows(ControlRefusal.class, () -> boxes.terminate(project(ProjectState.RUNNING, OWNER)))
                .getMessage().contains("no longer exists"));

        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("shutting-down", OWNER)));
        ControlRefusal ending = assertThrows(ControlRefusal.class, () -> boxes.terminate(project(ProjectState.RUNNING, OWNER)));
        assertEquals(ControlRefusal.Kind.NOT_FOUND, ending.kind());
        assertTrue(ending.getMessage().contains("devbox wait web"), ending.getMessage());
        verify(ec2, never()).terminate(anyString());
    }

    @Test
    void captureRecordsThroughThePipelinesMappingCaptureAndSaysWhetherItDid() {
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", OWNER)));
        when(capture.capture(any(Project.class), any(dev.devbox.port.Ec2Gateway.InstanceView.class))).thenReturn(true);
        assertTrue(boxes.captureMapping(project(ProjectState.RUNNING, OWNER)));
        when(capture.capture(any(Project.class), any(dev.devbox.port.Ec2Gateway.InstanceView.class))).thenReturn(false);
        assertFalse(boxes.captureMapping(project(ProjectState.RUNNING, OWNER)));
    }

    @Test
    void aRunningRecordWithoutABoxIsRefusedWithoutAskingEc2() {
        Project p = project(ProjectState.RUNNING, OWNER);
        Project noBox = new Project(p.name(), p.state(), p.generation(), p.stateSince(), p.owner(), null, p.imageId(),
                p.imageGeneration(), null, 0, p.mappingGeneration(), p.machine(), 0, false, null);
        assertEquals(ControlRefusal.Kind.NOT_FOUND, assertThrows(ControlRefusal.class, () -> boxes.terminate(noBox)).kind());
        org.mockito.Mockito.verifyNoInteractions(ec2);
    }
}
