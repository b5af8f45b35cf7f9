package dev.devbox.emulator.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns two observations into the events AWS would have sent between them.
 *
 * <p>The emulator jumps states that AWS passes through (moto terminates
 * instantly), so the diff fills in the intermediate states AWS always reports:
 * pending before running, shutting-down before terminated, stopping before
 * stopped.
 */
final class StateDiff {
    private final AwsEventFactory events;

    StateDiff(AwsEventFactory events) {
        this.events = events;
    }

    List<AwsEvent> between(Ec2Observation before, Ec2Observation after) {
        List<AwsEvent> out = new ArrayList<>();
        after.instances().forEach((id, state) -> {
            String previous = before.instances().get(id);
            if (Objects.equals(previous, state)) {
                return;
            }
            for (String passed : statesPassedThrough(previous, state)) {
                out.add(events.instanceState(id, passed));
            }
            out.add(events.instanceState(id, state));
        });
        after.snapshots().forEach((id, seen) -> {
            Ec2Observation.SnapshotSeen previous = before.snapshots().get(id);
            boolean finished = "completed".equals(seen.state()) || "error".equals(seen.state());
            boolean wasFinished = previous != null
                    && ("completed".equals(previous.state()) || "error".equals(previous.state()));
            if (finished && !wasFinished) {
                out.add(events.snapshotCreated(id, seen.volumeId(), "completed".equals(seen.state()), seen.startTime()));
            }
        });
        after.images().forEach((id, state) -> {
            if (!Objects.equals(before.images().get(id), state) && !"pending".equals(state)) {
                out.add(events.imageState(id, state));
            }
        });
        for (Map.Entry<String, String> gone : before.images().entrySet()) {
            if (!after.images().containsKey(gone.getKey())) {
                out.add(events.imageState(gone.getKey(), "deregistered"));
            }
        }
        return out;
    }

    private static List<String> statesPassedThrough(String previous, String current) {
        return switch (current) {
            case "running" -> previous == null ? List.of("pending") : List.of();
            case "terminated" -> "shutting-down".equals(previous) ? List.of() : List.of("shutting-down");
            case "stopped" -> "stopping".equals(previous) ? List.of() : List.of("stopping");
            default -> List.of();
        };
    }
}
