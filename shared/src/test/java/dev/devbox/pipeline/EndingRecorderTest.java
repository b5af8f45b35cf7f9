package dev.devbox.pipeline;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.project;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.devbox.domain.ProjectState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.InstanceEnd;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pipeline's record of how a box ended: EC2's StateReason code and time, once per cycle. */
class EndingRecorderTest {
    private final CycleStore cycles = mock(CycleStore.class);
    private final Ec2Gateway ec2 = mock(Ec2Gateway.class);
    private final EndingRecorder recorder = new EndingRecorder(cycles, ec2, CLOCK, Fixtures.quietLog());

    @Test
    void recordsEc2sStateReasonAndTheTimeEc2GivesForTheCycle() {
        Instant ended = Instant.parse("2026-11-21T11:58:07Z");
        when(ec2.instanceEnd("i-1")).thenReturn(Optional.of(new InstanceEnd("Client.InstanceInitiatedShutdown", ended)));

        recorder.boxEnded(project(ProjectState.RUNNING, 4));

        verify(cycles).recordEnded(cycle(4), "Client.InstanceInitiatedShutdown", ended);
    }

    @Test
    void withoutATimeFromEc2TheEventsHandlingTimeStands() {
        when(ec2.instanceEnd("i-1")).thenReturn(Optional.of(new InstanceEnd("Server.SpotInstanceTermination", null)));

        recorder.boxEnded(project(ProjectState.RUNNING, 4));

        verify(cycles).recordEnded(cycle(4), "Server.SpotInstanceTermination", NOW);
    }

    @Test
    void anInstanceEc2NoLongerReportsIsRecordedWithoutAReason() {
        when(ec2.instanceEnd("i-1")).thenReturn(Optional.empty());

        recorder.boxEnded(project(ProjectState.RUNNING, 4));

        verify(cycles).recordEnded(cycle(4), null, NOW);
    }

    @Test
    void aFailureIsLoggedAndNeverStopsTheSnapshots() {
        when(ec2.instanceEnd("i-1")).thenThrow(new IllegalStateException("throttled"));
        when(cycles.recordEnded(any(), any(), any())).thenThrow(new IllegalStateException("not reached"));

        recorder.boxEnded(project(ProjectState.RUNNING, 4));
    }
}
