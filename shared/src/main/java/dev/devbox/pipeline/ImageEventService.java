package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.event.ImageStateChange;
import dev.devbox.port.CycleStore;

import javax.inject.Inject;
import java.util.Optional;

/** cleanup-fn: AMI state changes. AMIs devbox did not register cost one key read. */
public final class ImageEventService {
    private final CycleStore cycles;
    private final ImageFinisher finisher;
    private final StepLog log;

    @Inject
    public ImageEventService(CycleStore cycles, ImageFinisher finisher, StepLog log) {
        this.cycles = cycles;
        this.finisher = finisher;
        this.log = log;
    }

    public void handle(ImageStateChange change) {
        StepLog.Step step = log.step("image-event").with("image", change.imageId()).with("imageState", change.state());
        if (!"available".equals(change.state()) && !"failed".equals(change.state())) {
            step.outcome("ignored-state");
            return;
        }
        Optional<CycleRef> cycle = cycles.cycleOfImage(change.imageId());
        if (cycle.isEmpty()) {
            step.outcome("ignored-unknown-image");
            return;
        }
        step.cycle(cycle.get()).outcome("accepted");
        if ("available".equals(change.state())) {
            finisher.available(cycle.get(), change.imageId());
        } else {
            finisher.failed(cycle.get(), change.imageId(), change.errorMessage());
        }
    }
}
