package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.GenerationVolume;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import dev.devbox.port.ProjectStore;
import dev.devbox.port.SnapshotInUseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Invariants 1-3 at the level of single calls: what the cleaner deletes, in which order, and what it keeps. */
class CleanerTest {
    private static final String STACK = "dev";
    private static final ProjectName WEB = ProjectName.of("web");
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final Ec2Gateway ec2 = mock(Ec2Gateway.class);
    private Cleaner cleaner;

    @BeforeEach
    void wire() {
        cleaner = cleaner(2);
        when(projects.find(WEB)).thenReturn(Optional.of(ready(5, true)));
        when(cycles.remainingVolumes(WEB)).thenReturn(List.of());
        when(ec2.snapshots(anyCollection())).thenAnswer(i -> ownedSnapshots(i.getArgument(0)));
        when(ec2.projectImagesUsingSnapshot(anyString(), any(), anyString())).thenReturn(List.of());
    }

    @Test
    void keepsTheNewestNImagesWhateverOrderTheyAreListedIn() {
        // Listed out of order: retention must sort by generation, newest first.
        List<RetainedImage> images = List.of(image(3), image(5), image(1), image(4), image(2));
        when(cycles.retainedImages(WEB)).thenReturn(images);
        for (int g = 1; g <= 5; g++) {
            when(ec2.image("ami-" + g)).thenReturn(Optional.of(ownedImage(g)));
        }

        cleaner.clean(WEB);

        for (int g = 1; g <= 3; g++) {
            verify(ec2).deregisterImage("ami-" + g);
            verify(ec2).deleteSnapshot("snap-" + g);
            verify(cycles).forgetImage(WEB, image(g));
        }
        for (int g = 4; g <= 5; g++) {
            verify(ec2, never()).deregisterImage("ami-" + g);
            verify(ec2, never()).deleteSnapshot("snap-" + g);
            verify(cycles, never()).forgetImage(WEB, image(g));
        }
        verify(cycles).finishCleanup(new CycleRef(WEB, 5), NOW);
    }

    @Test
    void exactlyNImagesAreAllKept() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(4), image(5)));

        cleaner.clean(WEB);

        verify(ec2, never()).deregisterImage(anyString());
        verify(ec2, never()).deleteSnapshot(anyString());
        verify(cycles, never()).forgetImage(any(), any());
        verify(cycles).finishCleanup(new CycleRef(WEB, 5), NOW);
    }

    @Test
    void deregistersBeforeDeletingTheSnapshotsThenForgetsTheRecord() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(1), image(4), image(5)));
        when(ec2.image("ami-1")).thenReturn(Optional.of(ownedImage(1)));

        cleaner.clean(WEB);

        InOrder order = inOrder(ec2, cycles);
        order.verify(ec2).deregisterImage("ami-1");
        order.verify(ec2).deleteSnapshot("snap-1");
        order.verify(cycles).forgetImage(WEB, image(1));
    }

    @Test
    void anImageWithoutThisCyclesTagsIsNeverDeregisteredNorAreItsSnapshotsDeleted() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(1), image(4), image(5)));
        // Tagged for another generation: not provably the AMI this record means.
        when(ec2.image("ami-1")).thenReturn(Optional.of(new ImageView("ami-1", "n", "available", "",
                Ownership.cycleTags(STACK, new CycleRef(WEB, 2)), List.of("snap-1"))));

        cleaner.clean(WEB);

        verify(ec2, never()).deregisterImage(anyString());
        verify(ec2, never()).deleteSnapshot(anyString());
        verify(cycles).forgetImage(WEB, image(1));
        // Nothing of it is left to retry: the cleanup is complete in this pass.
        verify(cycles).finishCleanup(new CycleRef(WEB, 5), NOW);
    }

    @Test
    void aSnapshotWithoutThisCyclesTagsIsKept() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(1), image(4), image(5)));
        when(ec2.image("ami-1")).thenReturn(Optional.empty());
        when(ec2.snapshots(anyCollection())).thenReturn(List.of(new SnapshotView("snap-1", "vol-1", "completed", "",
                Map.of("devbox:stack", "other", "devbox:project", "web", "devbox:generation", "1"))));

        cleaner.clean(WEB);

        verify(ec2, never()).deleteSnapshot(anyString());
        verify(cycles).forgetImage(WEB, image(1));
    }

    @Test
    void aSnapshotAnotherProjectImageStillUsesIsKept() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(1), image(4), image(5)));
        when(ec2.image("ami-1")).thenReturn(Optional.of(ownedImage(1)));
        when(ec2.projectImagesUsingSnapshot(STACK, WEB, "snap-1")).thenReturn(List.of("ami-1", "ami-9"));

        cleaner.clean(WEB);

        verify(ec2).deregisterImage("ami-1");
        verify(ec2, never()).deleteSnapshot(anyString());
    }

    @Test
    void aSnapshotUsedOnlyByTheRetiredImageItselfIsDeleted() {
        // The deregistration may not be visible yet: the retired image's own id does not count as a user.
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(1), image(4), image(5)));
        when(ec2.image("ami-1")).thenReturn(Optional.of(ownedImage(1)));
        when(ec2.projectImagesUsingSnapshot(STACK, WEB, "snap-1")).thenReturn(List.of("ami-1"));

        cleaner.clean(WEB);

        verify(ec2).deleteSnapshot("snap-1");
    }

    @Test
    void aSnapshotStillInUseKeepsTheRecordAndTheCleanupPending() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(1), image(4), image(5)));
        when(ec2.image("ami-1")).thenReturn(Optional.of(ownedImage(1)));
        doThrow(new SnapshotInUseException("snap-1", null)).when(ec2).deleteSnapshot("snap-1");

        cleaner.clean(WEB);

        verify(cycles, never()).forgetImage(any(), any());
        verify(cycles, never()).finishCleanup(any(), any());
    }

    @Test
    void deletesOnlyVolumesOfImagedCyclesAndOnlyWhenTheyCarryThatCyclesTags() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(4), image(5)));
        when(cycles.remainingVolumes(WEB)).thenReturn(List.of(
                volume(5, "/dev/sda1", "vol-own"),
                volume(5, "/dev/sdf", "vol-foreign"),
                volume(5, "/dev/sdg", "vol-gone"),
                volume(6, "/dev/sda1", "vol-not-imaged")));
        when(ec2.volumes(anyCollection())).thenReturn(List.of(
                volumeView("vol-own", "available", Ownership.cycleTags(STACK, new CycleRef(WEB, 5))),
                volumeView("vol-foreign", "available", Ownership.cycleTags(STACK, new CycleRef(WEB, 4)))));

        cleaner.clean(WEB);

        // EC2 is asked about exactly the imaged cycles' volumes: an id it is not asked about reads as gone,
        // and would be forgotten without being deleted.
        verify(ec2).volumes(org.mockito.ArgumentMatchers.argThat(
                ids -> java.util.Set.copyOf(ids).equals(java.util.Set.of("vol-own", "vol-foreign", "vol-gone"))));
        verify(ec2).deleteVolume("vol-own");
        verify(ec2, never()).deleteVolume("vol-foreign");
        verify(ec2, never()).deleteVolume("vol-gone");
        verify(ec2, never()).deleteVolume("vol-not-imaged");
        verify(cycles).forgetVolume(WEB, 5, "/dev/sda1", NOW);
        verify(cycles).forgetVolume(WEB, 5, "/dev/sdf", NOW);
        verify(cycles).forgetVolume(WEB, 5, "/dev/sdg", NOW);
        verify(cycles, never()).forgetVolume(WEB, 6, "/dev/sda1", NOW);
        verify(cycles).finishCleanup(new CycleRef(WEB, 5), NOW);
    }

    @Test
    void anAttachedVolumeIsKeptAndRemembered() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(5)));
        when(cycles.remainingVolumes(WEB)).thenReturn(List.of(volume(5, "/dev/sda1", "vol-1"),
                volume(5, "/dev/sdf", "vol-2")));
        when(ec2.volumes(anyCollection())).thenReturn(List.of(
                volumeView("vol-1", "in-use", Ownership.cycleTags(STACK, new CycleRef(WEB, 5))),
                volumeView("vol-2", "available", Ownership.cycleTags(STACK, new CycleRef(WEB, 5)))));

        cleaner.clean(WEB);

        verify(ec2, never()).deleteVolume("vol-1");
        verify(cycles, never()).forgetVolume(WEB, 5, "/dev/sda1", NOW);
        // One attached volume does not stop the others.
        verify(ec2).deleteVolume("vol-2");
        verify(cycles, never()).finishCleanup(any(), any());
    }

    @Test
    void theMarkIsClearedOnlyForAReadyProjectThatStillHasIt() {
        when(cycles.retainedImages(WEB)).thenReturn(List.of(image(5)));
        for (ProjectState s : ProjectState.values()) {
            when(projects.find(WEB)).thenReturn(Optional.of(project(s, 5, true)));
            cleaner.clean(WEB);
        }
        when(projects.find(WEB)).thenReturn(Optional.of(ready(5, false)));
        cleaner.clean(WEB);
        when(projects.find(WEB)).thenReturn(Optional.empty());
        cleaner.clean(WEB);

        verify(cycles, org.mockito.Mockito.times(1)).finishCleanup(any(), any());
        verify(cycles).finishCleanup(new CycleRef(WEB, 5), NOW);
    }

    private Cleaner cleaner(int retain) {
        return new Cleaner(projects, cycles, ec2, PipelineSettings.defaults(STACK).withRetainImages(retain),
                Clock.fixed(NOW, ZoneOffset.UTC), new StepLog(new PrintStream(OutputStream.nullOutputStream())));
    }

    private static RetainedImage image(int generation) {
        return new RetainedImage(generation, "ami-" + generation, List.of("snap-" + generation), Instant.EPOCH);
    }

    private static ImageView ownedImage(int generation) {
        return new ImageView("ami-" + generation, "devbox-dev-web-g" + generation, "available", "",
                Ownership.cycleTags(STACK, new CycleRef(WEB, generation)), List.of("snap-" + generation));
    }

    private static List<SnapshotView> ownedSnapshots(Collection<String> ids) {
        List<SnapshotView> views = new ArrayList<>();
        for (String id : ids) {
            long generation = Long.parseLong(id.substring("snap-".length()));
            views.add(new SnapshotView(id, "vol-x", "completed", "",
                    Ownership.cycleTags(STACK, new CycleRef(WEB, generation))));
        }
        return views;
    }

    private static GenerationVolume volume(long generation, String device, String volumeId) {
        return new GenerationVolume(generation, new CycleVolume(
                new VolumeMapping(device, volumeId, "gp3", 8, null, null, false, null), "snap-x",
                SnapshotState.COMPLETED, 0));
    }

    private static VolumeView volumeView(String volumeId, String state, Map<String, String> tags) {
        return new VolumeView(new VolumeMapping("/dev/sda1", volumeId, "gp3", 8, null, null, false, null), state, tags);
    }

    private static Project ready(long generation, boolean cleanupPending) {
        return project(ProjectState.READY, generation, cleanupPending);
    }

    private static Project project(ProjectState state, long generation, boolean cleanupPending) {
        return new Project(WEB, state, generation, NOW, "me", "i-1", "ami-" + generation, generation, null, 0,
                generation, null, 0, cleanupPending, null);
    }
}
