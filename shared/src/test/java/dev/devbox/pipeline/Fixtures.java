package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Small builders shared by the pipeline's unit tests (collaborators are Mockito mocks there). */
final class Fixtures {
    static final String STACK = "dev";
    static final ProjectName WEB = ProjectName.of("web");
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final MachineProfile MACHINE = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");
    static final PipelineSettings SETTINGS = PipelineSettings.defaults(STACK);

    private Fixtures() {
    }

    static StepLog quietLog() {
        return new StepLog(new PrintStream(OutputStream.nullOutputStream()));
    }

    static CycleRef cycle(long generation) {
        return new CycleRef(WEB, generation);
    }

    /** A project in {@code state}, generation {@code generation}, its mapping captured, instance i-1. */
    static Project project(ProjectState state, long generation) {
        return new Project(WEB, state, generation, NOW, "me", "i-1", null, null, null, 0, generation, MACHINE, 0,
                false, null);
    }

    static Project withPendingImage(Project p, String imageId) {
        return new Project(p.name(), p.state(), p.generation(), p.stateSince(), p.owner(), p.instanceId(),
                p.imageId(), p.imageGeneration(), imageId, p.pendingSnapshots(), p.mappingGeneration(), p.machine(),
                p.attempts(), p.cleanupPending(), p.failure());
    }

    static Project withImage(Project p, String imageId, boolean cleanupPending) {
        return new Project(p.name(), p.state(), p.generation(), p.stateSince(), p.owner(), p.instanceId(),
                imageId, p.generation(), p.pendingImageId(), p.pendingSnapshots(), p.mappingGeneration(), p.machine(),
                p.attempts(), cleanupPending, p.failure());
    }

    static Project withoutMapping(Project p) {
        return new Project(p.name(), p.state(), p.generation(), p.stateSince(), p.owner(), p.instanceId(),
                p.imageId(), p.imageGeneration(), p.pendingImageId(), p.pendingSnapshots(), 0, null,
                p.attempts(), p.cleanupPending(), p.failure());
    }

    static VolumeMapping mapping(String device, String volumeId) {
        return new VolumeMapping(device, volumeId, "gp3", 8, 3000, 125, true, null);
    }

    static CycleVolume volume(String device, String volumeId, String snapshotId, SnapshotState state, int attempts) {
        return new CycleVolume(mapping(device, volumeId), snapshotId, state, attempts);
    }
}
