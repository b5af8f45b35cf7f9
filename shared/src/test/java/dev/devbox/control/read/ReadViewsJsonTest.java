package dev.devbox.control.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.domain.Failure;
import dev.devbox.domain.IdleReport;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The read views as the CLI gets them: a project view back to its record, and every view through JSON unchanged. */
class ReadViewsJsonTest {
    /** The control endpoint writes replies with a plain mapper; the CLI reads them with one. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MachineProfile MACHINE = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");
    private static final Instant SINCE = Instant.parse("2026-12-01T08:15:30.123Z");

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(value), type);
    }

    @Test
    void aProjectViewGivesBackTheRecordsVisibleFieldsAndLeavesThePipelinesInternalsEmpty() {
        Project failed = new Project(ProjectName.of("web"), ProjectState.FAILED, 7, SINCE,
                "arn:aws:iam::123456789012:user/alice", "i-0abc", "ami-6", 6L, "ami-7", 2, 7, MACHINE, 3, true,
                new Failure(ProjectState.IMAGING, "the AMI failed: snapshot snap-1 is in error"));

        assertEquals(new Project(ProjectName.of("web"), ProjectState.FAILED, 7, SINCE,
                "arn:aws:iam::123456789012:user/alice", "i-0abc", "ami-6", 6L, "ami-7", 2, 0, null, 0, false,
                new Failure(ProjectState.IMAGING, "the AMI failed: snapshot snap-1 is in error")),
                ProjectView.of(failed).toProject());
    }

    @Test
    void aProjectWithoutFailureImageOrOwnerComesBackWithout() {
        Project fresh = new Project(ProjectName.of("api"), ProjectState.LAUNCHING, 1, SINCE, null, null, null, null,
                null, 0, 0, null, 0, false, null);

        ProjectView view = ProjectView.of(fresh);

        assertNull(view.failureStage());
        assertNull(view.failureReason());
        assertEquals(fresh, view.toProject());
    }

    @Test
    void aProjectViewGoesThroughJsonUnchanged() throws Exception {
        ProjectView view = ProjectView.of(new Project(ProjectName.of("web"), ProjectState.FAILED, 7, SINCE,
                "arn:aws:iam::123456789012:user/alice", "i-0abc", "ami-6", 6L, "ami-7", 2, 7, MACHINE, 3, true,
                new Failure(ProjectState.SNAPSHOTTING, "snapshot snap-1 failed")));

        assertEquals(view, roundTrip(view, ProjectView.class));
        assertEquals(ProjectView.of(new Project(ProjectName.of("api"), ProjectState.READY, 1, SINCE, null, null,
                        "ami-1", 1L, null, 0, 1, MACHINE, 0, false, null)),
                roundTrip(ProjectView.of(new Project(ProjectName.of("api"), ProjectState.READY, 1, SINCE, null, null,
                        "ami-1", 1L, null, 0, 1, MACHINE, 0, false, null)), ProjectView.class));
    }

    @Test
    void aBoxViewWithVolumesAndAnIdleReportGoesThroughJsonUnchanged() throws Exception {
        BoxView status = new BoxView("i-0abc", "running", null, "t3.small", "203.0.113.10", true, "devbox-alice",
                "2027-01-05T08:00:00Z", "us-east-1a", true, 30, 300, List.of(
                        new BoxView.Volume("vol-a", "/dev/sda1", "gp3", 30, 100L, null),
                        new BoxView.Volume("vol-b", "/dev/sdf", "gp3", 100, 42L, 600L)),
                new IdleReport("warned", "2027-01-05T10:05:00Z", 30), new BigDecimal("0.0071"));
        BoxView listed = new BoxView("i-0def", "stopped", "Client.UserInitiatedShutdown", "m5.large", "10.0.0.44",
                false, null, null, null, false, null, null, List.of(), null, null);

        assertEquals(status, roundTrip(status, BoxView.class));
        assertEquals(listed, roundTrip(listed, BoxView.class));
        assertEquals(Arrays.stream(BoxView.class.getRecordComponents()).map(c -> c.getName())
                        .collect(Collectors.toSet()),
                fieldNames(JSON.writeValueAsString(status)), "the wire carries the record's components, nothing more");
    }

    @Test
    void aGenerationViewGoesThroughJsonUnchanged() throws Exception {
        GenerationView saved = new GenerationView(2, "ami-2", "2026-11-20T09:00:00Z", 130L, true,
                List.of("snap-2a", "snap-2b"), List.of(new GenerationView.Disk("/dev/sda1", "snap-2a", "gp3", 30),
                new GenerationView.Disk("/dev/sdf", "snap-2b", "gp3", 100)));
        GenerationView gone = new GenerationView(1, "ami-1", "2026-11-01T09:00:00Z", null, false, List.of("snap-1a"),
                List.of());

        assertEquals(saved, roundTrip(saved, GenerationView.class));
        assertEquals(gone, roundTrip(gone, GenerationView.class));
    }

    private static Set<String> fieldNames(String json) throws Exception {
        Set<String> names = new java.util.HashSet<>();
        JSON.readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aBoxIsLiveWhilePendingOrRunningAndStoppedWhileStoppingOrStopped() {
        for (String state : List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated")) {
            BoxView box = new BoxView("i-1", state, null, "t3.small", null, false, null, null, null, false, null, null,
                    null, null, null);
            assertEquals(state.equals("pending") || state.equals("running"),
                    box.runningOrStarting(), state);
            assertEquals(state.equals("stopping") || state.equals("stopped"),
                    box.stopped(), state);
            assertEquals(List.of(), box.volumes(), "no volumes read: none");
        }
        GenerationView bare = new GenerationView(1, "ami-1", null, null, false, null, null);
        assertEquals(List.of(), bare.snapshotIds());
        assertEquals(List.of(), bare.disks());
    }
}
