package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records' own rules: what they refuse, and what they derive. */
class DomainRecordsTest {
    private static final MachineProfile MACHINE = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");

    @Test
    void generationsStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> new CycleRef(ProjectName.of("web"), 0));
        assertEquals(1, new CycleRef(ProjectName.of("web"), 1).generation());
        assertEquals("web/g7", new CycleRef(ProjectName.of("web"), 7).toString());
    }

    @Test
    void volumesHaveAPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> volume(0));
        assertThrows(IllegalArgumentException.class, () -> volume(-1));
        assertEquals(1, volume(1).sizeGiB());
    }

    @Test
    void theMappingCountsAsCapturedOnlyForTheCurrentGenerationWithAMachine() {
        assertTrue(project(4, 4, MACHINE).mappingCaptured());
        assertFalse(project(4, 3, MACHINE).mappingCaptured(), "an earlier cycle's mapping");
        assertFalse(project(4, 4, null).mappingCaptured(), "no machine profile");
    }

    @Test
    void onlyAVolumeWithoutASnapshotNeedsOne() {
        for (SnapshotState s : SnapshotState.values()) {
            CycleVolume v = new CycleVolume(volume(8), s == SnapshotState.NONE ? null : "snap-1", s, 0);
            assertEquals(s == SnapshotState.NONE, v.needsSnapshot(), s.name());
            assertEquals("/dev/sda1", v.deviceName());
        }
    }

    @Test
    void aRetainedImageKeepsItsOwnCopyOfTheSnapshotIds() {
        List<String> ids = new ArrayList<>(List.of("snap-1", "snap-2"));
        RetainedImage image = new RetainedImage(2, "ami-1", ids, Instant.EPOCH);
        ids.clear();
        assertEquals(List.of("snap-1", "snap-2"), image.snapshotIds());
        assertThrows(UnsupportedOperationException.class, () -> image.snapshotIds().add("snap-3"));
    }

    @Test
    void optionalViewsFollowTheNullableComponents() {
        Project bare = new Project(ProjectName.of("web"), ProjectState.LAUNCHING, 1, Instant.EPOCH, null, null, null,
                null, null, 0, 0, null, 0, false, null);
        assertTrue(bare.instance().isEmpty());
        assertTrue(bare.image().isEmpty());
        assertTrue(bare.failed().isEmpty());
        Failure failure = new Failure(ProjectState.RUNNING, "why");
        Project full = new Project(ProjectName.of("web"), ProjectState.FAILED, 1, Instant.EPOCH, "me", "i-1",
                "ami-1", 1L, null, 0, 1, MACHINE, 0, false, failure);
        assertEquals("i-1", full.instance().orElseThrow());
        assertEquals("ami-1", full.image().orElseThrow());
        assertEquals(failure, full.failed().orElseThrow());
        assertEquals(new CycleRef(ProjectName.of("web"), 1), full.cycle());
    }

    private static VolumeMapping volume(int size) {
        return new VolumeMapping("/dev/sda1", "vol-1", "gp3", size, null, null, false, null);
    }

    private static Project project(long generation, long mappingGeneration, MachineProfile machine) {
        return new Project(ProjectName.of("web"), ProjectState.RUNNING, generation, Instant.EPOCH, null, "i-1", null,
                null, null, 0, mappingGeneration, machine, 0, false, null);
    }
}
