package dev.devbox.emulator.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDiffTest {
    private final StateDiff diff = new StateDiff(new AwsEventFactory("us-east-1", "123456789012",
            Clock.fixed(Instant.parse("2026-11-21T21:29:54Z"), ZoneOffset.UTC)));

    private static Ec2Observation instances(Map<String, String> states) {
        return new Ec2Observation(states, Map.of(), Map.of());
    }

    private static List<String> states(List<AwsEvent> events) {
        return events.stream().map(AwsEvent::state).toList();
    }

    @Test
    void aTerminationTheEmulatorJumpedToStillPassesThroughShuttingDown() {
        List<AwsEvent> events = diff.between(instances(Map.of("i-1", "running")), instances(Map.of("i-1", "terminated")));
        assertEquals(List.of("shutting-down", "terminated"), states(events));
    }

    @Test
    void aNewInstanceIsPendingThenRunning() {
        List<AwsEvent> events = diff.between(instances(Map.of()), instances(Map.of("i-1", "running")));
        assertEquals(List.of("pending", "running"), states(events));
    }

    @Test
    void anUnchangedWorldSendsNothing() {
        Ec2Observation world = new Ec2Observation(Map.of("i-1", "running"),
                Map.of("snap-1", new Ec2Observation.SnapshotSeen("completed", "vol-1", null)), Map.of("ami-1", "available"));
        assertEquals(List.of(), diff.between(world, world));
    }

    @Test
    void aDeregisteredImageSendsItsStateChange() {
        Ec2Observation before = new Ec2Observation(Map.of(), Map.of(), Map.of("ami-1", "available"));
        List<AwsEvent> events = diff.between(before, Ec2Observation.empty());
        assertEquals(1, events.size());
        assertEquals(AwsEvent.AMI_STATE_CHANGE, events.get(0).detailType());
        assertEquals("deregistered", events.get(0).state());
    }

    @Test
    void aFailedSnapshotSendsAFailedResult() {
        Ec2Observation after = new Ec2Observation(Map.of(),
                Map.of("snap-1", new Ec2Observation.SnapshotSeen("error", "vol-1", null)), Map.of());
        List<AwsEvent> events = diff.between(Ec2Observation.empty(), after);
        assertEquals(List.of("failed"), states(events));
        assertEquals(true, events.get(0).json().contains("\"time\":\"2026-11-21T21:29:54Z\""));
    }
}
