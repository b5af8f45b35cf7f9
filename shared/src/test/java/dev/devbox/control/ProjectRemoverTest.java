package dev.devbox.control;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.InOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devbox.control.ControlFixtures.OWNER;
import static dev.devbox.control.ControlFixtures.WEB;
import static dev.devbox.control.ControlFixtures.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class ProjectRemoverTest {
    private static final Map<String, String> OURS = Map.of("devbox:stack", "dev", "devbox:project", "web");
    private static final Map<String, String> OTHER_STACK = Map.of("devbox:stack", "prod", "devbox:project", "web");

    private final ControlEc2 ec2 = mock(ControlEc2.class);
    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final ProjectRemover remover = new ProjectRemover(ec2, projects, cycles, ControlFixtures.SETTINGS,
            ControlFixtures.quietLog());

    @ParameterizedTest
    @EnumSource(value = ProjectState.class, names = {"LAUNCHING", "RUNNING", "SNAPSHOTTING", "IMAGING"})
    void aProjectWhoseBoxRunsOrIsBeingSavedIsRefusedUntouched(ProjectState state) {
        ControlRefusal e = assertThrows(ControlRefusal.class, () -> remover.remove(project(state, OWNER)));
        assertEquals(ControlRefusal.Kind.CONFLICT, e.kind());
        boolean boxRuns = state == ProjectState.LAUNCHING || state == ProjectState.RUNNING;
        assertEquals(boxRuns, e.getMessage().contains("devbox terminate web --wait"), e.getMessage());
        assertEquals(!boxRuns, e.getMessage().contains("devbox wait web"), e.getMessage());
        verifyNoInteractions(ec2, projects, cycles);
    }

    @Test
    void theRecordsImagesAndTheTaggedOnesAreFoundBesideTheRetainedList() {
        Project p = new Project(WEB, ProjectState.READY, 3, Instant.EPOCH, OWNER, null, "ami-current", 3L,
                "ami-pending", 0, 3, null, 0, false, null);
        when(cycles.retainedImages(WEB)).thenReturn(List.of());
        when(ec2.projectImages("dev", WEB)).thenReturn(List.of(new ImageView("ami-tagged", "n", "available", null,
                OURS, List.of("snap-gone"))));
        when(ec2.image(anyString())).thenAnswer(a -> Optional.of(new ImageView(a.getArgument(0), "n", "available",
                null, OURS, a.getArgument(0).equals("ami-tagged") ? List.of("snap-gone") : List.of())));
        when(ec2.projectSnapshots("dev", WEB)).thenReturn(List.of());
        when(ec2.snapshots(List.of("snap-gone"))).thenReturn(List.of());
        when(ec2.projectVolumes("dev", WEB)).thenReturn(List.of());
        Removal removal = remover.remove(p);
        assertEquals(List.of("ami-current", "ami-pending", "ami-tagged"), removal.images());
        assertEquals(List.of(), removal.snapshots(), "a snapshot already gone is skipped quietly");
        assertEquals(List.of(), removal.skipped());
    }

    @Test
    void imagesThenTheirSnapshotsThenVolumesThenTheRecordsAndOnlyWhatCarriesTheProjectsTags() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(new RetainedImage(1, "ami-1", List.of(), Instant.EPOCH), new RetainedImage(2, "ami-2", List.of(), Instant.EPOCH)));
        when(ec2.projectImages("dev", WEB)).thenReturn(List.of());
        when(ec2.image("ami-1")).thenReturn(Optional.of(new ImageView("ami-1", "n1", "available", null, OURS,
                List.of("snap-1"))));
        when(ec2.image("ami-2")).thenReturn(Optional.of(new ImageView("ami-2", "n2", "available", null, OTHER_STACK,
                List.of("snap-theirs"))));
        when(ec2.projectSnapshots("dev", WEB)).thenReturn(List.of(
                new SnapshotView("snap-loose", "vol-x", "completed", null, OURS)));
        when(ec2.snapshots(List.of("snap-1"))).thenReturn(List.of(new SnapshotView("snap-1", "vol-a", "completed", null, OURS)));
        when(ec2.snapshots(List.of("snap-loose"))).thenReturn(List.of(
                new SnapshotView("snap-loose", "vol-x", "completed", null, Map.of("devbox:stack", "dev"))));
        when(ec2.projectVolumes("dev", WEB)).thenReturn(List.of(volume("vol-free", "available"),
                volume("vol-used", "in-use")));

        Removal removal = remover.remove(project(ProjectState.READY, OWNER));

        assertEquals(List.of("ami-1"), removal.images());
        assertEquals(List.of("snap-1"), removal.snapshots());
        assertEquals(List.of("vol-free"), removal.volumes());
        assertEquals(List.of("ami-2 (no devbox tags for this project: left alone)",
                "snap-loose (no devbox tags for this project: left alone)", "vol-used (in-use: left alone)"),
                removal.skipped());
        InOrder order = inOrder(ec2, projects);
        order.verify(ec2).deregisterImage("ami-1");
        order.verify(ec2).deleteSnapshot("snap-1");
        order.verify(ec2).deleteVolume("vol-free");
        order.verify(projects).delete(WEB);
        verify(ec2, never()).deregisterImage("ami-2");
        verify(ec2, never()).deleteSnapshot("snap-theirs");
    }

    @Test
    void whatIsAlreadyGoneIsSkippedQuietly() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of());
        when(ec2.projectImages("dev", WEB)).thenReturn(List.of());
        when(ec2.image(anyString())).thenReturn(Optional.empty());
        when(ec2.projectSnapshots("dev", WEB)).thenReturn(List.of());
        when(ec2.projectVolumes("dev", WEB)).thenReturn(List.of());
        Removal removal = remover.remove(project(ProjectState.FAILED, OWNER));
        assertEquals(List.of(), removal.images());
        assertEquals(List.of(), removal.skipped());
        verify(ec2, never()).deregisterImage(any());
        verify(projects).delete(WEB);
    }

    private static VolumeView volume(String id, String state) {
        return new VolumeView(new VolumeMapping("", id, "gp3", 8, 3000, 125, true, null), state, OURS);
    }
}
