package dev.devbox.pipeline;

import dev.devbox.event.SnapshotNotification;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.SnapshotOwner;

import javax.inject.Inject;
import java.util.Optional;

/** ami-fn: EBS snapshot notifications. Snapshots devbox did not take cost one key read. */
public final class SnapshotEventService {
    private final CycleStore cycles;
    private final SnapshotResults results;
    private final StepLog log;

    @Inject
    public SnapshotEventService(CycleStore cycles, SnapshotResults results, StepLog log) {
        this.cycles = cycles;
        this.results = results;
        this.log = log;
    }

    public void handle(SnapshotNotification notification) {
        String snapshotId = notification.snapshotId();
        StepLog.Step step = log.step("snapshot-event").with("snapshot", snapshotId)
                .with("result", notification.result());
        if (!SnapshotNotification.CREATE_SNAPSHOT.equals(notification.event())) {
            step.outcome("ignored-event");
            return;
        }
        Optional<SnapshotOwner> owner = cycles.cycleOfSnapshot(snapshotId);
        if (owner.isEmpty()) {
            step.outcome("ignored-unknown-snapshot");
            return;
        }
        step.cycle(owner.get().cycle()).with("device", owner.get().deviceName()).outcome("accepted");
        if (notification.succeeded()) {
            results.succeeded(owner.get().cycle(), owner.get().deviceName(), snapshotId);
        } else {
            results.failed(owner.get().cycle(), owner.get().deviceName(), snapshotId, notification.cause());
        }
    }
}
