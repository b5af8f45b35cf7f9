package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.ImageDevice;
import dev.devbox.port.Ec2Gateway.ImageSpec;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.ImageNameTakenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.MACHINE;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.SETTINGS;
import static dev.devbox.pipeline.Fixtures.STACK;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.mapping;
import static dev.devbox.pipeline.Fixtures.project;
import static dev.devbox.pipeline.Fixtures.volume;
import static dev.devbox.pipeline.Fixtures.withPendingImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Registration and adoption of a cycle's AMI (invariant 6: adopt only this cycle's snapshots). */
class ImageRegistrarTest {
    private static final CycleRef CYCLE = cycle(4);
    private static final String NAME = "devbox-dev-web-g4";

    private final CycleStore cycles = mock(CycleStore.class);
    private final Ec2Gateway ec2 = mock(Ec2Gateway.class);
    private final ProjectFailer failer = mock(ProjectFailer.class);
    private final ImageRegistrar registrar = new ImageRegistrar(cycles, ec2, failer, SETTINGS, CLOCK, Fixtures.quietLog());
    private final Project imaging = project(ProjectState.IMAGING, 4);

    @BeforeEach
    void completedSnapshots() {
        when(cycles.volumes(CYCLE)).thenReturn(List.of(
                volume("/dev/sda1", "vol-1", "snap-1", SnapshotState.COMPLETED, 0),
                volume("/dev/sdf", "vol-2", "snap-2", SnapshotState.COMPLETED, 1)));
    }

    @Test
    void registersTheCyclesSnapshotsUnderItsNameAndTagsAndRecordsTheImage() {
        when(ec2.registerImage(any())).thenReturn("ami-new");

        registrar.register(imaging);

        ArgumentCaptor<ImageSpec> spec = ArgumentCaptor.forClass(ImageSpec.class);
        verify(ec2).registerImage(spec.capture());
        assertEquals(NAME, spec.getValue().name());
        assertEquals(MACHINE, spec.getValue().machine());
        assertEquals(Ownership.cycleTags(STACK, CYCLE), spec.getValue().tags());
        assertEquals(List.of(new ImageDevice(mapping("/dev/sda1", "vol-1"), "snap-1"),
                new ImageDevice(mapping("/dev/sdf", "vol-2"), "snap-2")), spec.getValue().devices());
        assertTrue(spec.getValue().description().contains("web"), spec.getValue().description());
        verify(cycles).recordPendingImage(CYCLE, "ami-new", NOW);
        verifyNoInteractions(failer);
    }

    @Test
    void doesNothingUnlessImagingWithoutAnImage() {
        for (ProjectState s : ProjectState.values()) {
            if (s != ProjectState.IMAGING) {
                registrar.register(project(s, 4));
            }
        }
        registrar.register(withPendingImage(imaging, "ami-earlier"));

        verify(ec2, never()).registerImage(any());
        verify(cycles, never()).recordPendingImage(any(), anyString(), any());
    }

    @Test
    void waitsWhileAnySnapshotIsIncompleteOrThereAreNoVolumes() {
        for (SnapshotState s : SnapshotState.values()) {
            if (s == SnapshotState.COMPLETED) {
                continue;
            }
            when(cycles.volumes(CYCLE)).thenReturn(List.of(
                    volume("/dev/sda1", "vol-1", "snap-1", SnapshotState.COMPLETED, 0),
                    volume("/dev/sdf", "vol-2", "snap-2", s, 0)));
            registrar.register(imaging);
        }
        when(cycles.volumes(CYCLE)).thenReturn(List.of());
        registrar.register(imaging);

        verify(ec2, never()).registerImage(any());
        verifyNoInteractions(failer);
    }

    @Test
    void adoptsATakenNameWhoseImageHoldsExactlyThisCyclesSnapshots() {
        when(ec2.registerImage(any())).thenThrow(new ImageNameTakenException(NAME, null));
        when(ec2.imageNamed(NAME)).thenReturn(Optional.of(image("ami-earlier", Ownership.cycleTags(STACK, CYCLE),
                List.of("snap-2", "snap-1"))));

        registrar.register(imaging);

        verify(cycles).recordPendingImage(CYCLE, "ami-earlier", NOW);
        verifyNoInteractions(failer);
    }

    @Test
    void refusesATakenNameWhoseImageHoldsOtherSnapshots() {
        // Same name and tags, but a leftover of another deployment: adopting it would lose this cycle's data.
        when(ec2.registerImage(any())).thenThrow(new ImageNameTakenException(NAME, null));
        for (List<String> other : List.of(List.of("snap-1"), List.of("snap-1", "snap-2", "snap-3"),
                List.of("snap-1", "snap-9"))) {
            when(ec2.imageNamed(NAME)).thenReturn(Optional.of(image("ami-old", Ownership.cycleTags(STACK, CYCLE), other)));
            registrar.register(imaging);
        }

        verify(failer, org.mockito.Mockito.times(3)).fail(eq(CYCLE), eq(ProjectState.IMAGING), contains("ami-old"));
        verify(cycles, never()).recordPendingImage(any(), anyString(), any());
    }

    @Test
    void refusesATakenNameWhoseImageDevboxDidNotTagForThisCycle() {
        when(ec2.registerImage(any())).thenThrow(new ImageNameTakenException(NAME, null));
        for (Map<String, String> tags : List.of(Map.<String, String>of(), Ownership.cycleTags("other", CYCLE),
                Ownership.cycleTags(STACK, cycle(3)))) {
            when(ec2.imageNamed(NAME)).thenReturn(Optional.of(image("ami-x", tags, List.of("snap-1", "snap-2"))));
            registrar.register(imaging);
        }

        verify(failer, org.mockito.Mockito.times(3)).fail(eq(CYCLE), eq(ProjectState.IMAGING), contains(NAME));
        verify(cycles, never()).recordPendingImage(any(), anyString(), any());
    }

    @Test
    void aTakenNameNotYetVisibleIsLeftForTheRetry() {
        ImageNameTakenException taken = new ImageNameTakenException(NAME, null);
        when(ec2.registerImage(any())).thenThrow(taken);
        when(ec2.imageNamed(NAME)).thenReturn(Optional.empty());

        assertSame(taken, assertThrows(ImageNameTakenException.class, () -> registrar.register(imaging)));
        verifyNoInteractions(failer);
        verify(cycles, never()).recordPendingImage(any(), anyString(), any());
    }

    @Test
    void aLostRecordingRaceIsNotAnError() {
        when(ec2.registerImage(any())).thenReturn("ami-new");
        doThrow(new ConcurrentUpdateException("moved", null)).when(cycles).recordPendingImage(CYCLE, "ami-new", NOW);

        registrar.register(imaging);

        verifyNoInteractions(failer);
    }

    private static ImageView image(String id, Map<String, String> tags, List<String> snapshots) {
        return new ImageView(id, NAME, "available", "", tags, snapshots);
    }
}
