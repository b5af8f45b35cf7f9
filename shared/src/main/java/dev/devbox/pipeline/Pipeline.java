package dev.devbox.pipeline;

import dev.devbox.adapter.ec2.Ec2Gateways;
import dev.devbox.event.PipelineEvent;
import dev.devbox.port.Ec2Gateway;

/**
 * The three event handlers and the reconciler in one object, for local mode
 * and tests: give it SDK clients (pointed at AWS or the emulator) and feed it
 * event JSON. Lambda functions use the same services through their own components.
 */
public final class Pipeline {
    private final PipelineComponent component;
    private final EventIntake intake;

    private Pipeline(PipelineComponent component) {
        this.component = component;
        this.intake = new EventIntake(component.log());
    }

    public static Pipeline create(PipelineConfig config) {
        return create(config, Ec2Gateways.of(config.ec2()));
    }

    /**
     * The pipeline over another EC2 implementation (an in-memory fake in fast tests);
     * {@code config.ec2()} is then unused.
     */
    public static Pipeline create(PipelineConfig config, Ec2Gateway ec2) {
        return new Pipeline(DaggerPipelineComponent.factory().create(ec2, config.dynamo(),
                config.publisher(), config.settings(), config.table(), config.clock(), config.log()));
    }

    /** snapshot-fn's service. */
    public InstanceEventService instanceEvents() {
        return component.instanceEvents();
    }

    /** ami-fn's service. */
    public SnapshotEventService snapshotEvents() {
        return component.snapshotEvents();
    }

    /** cleanup-fn's service. */
    public ImageEventService imageEvents() {
        return component.imageEvents();
    }

    /** cleanup-fn's scheduled reconciler. */
    public Reconciler reconciler() {
        return component.reconciler();
    }

    public EventIntake intake() {
        return intake;
    }

    /**
     * Routes one EventBridge event (JSON as AWS delivers it) to the handler its
     * detail-type belongs to, as the EventBridge rules would. Malformed and
     * unsupported events are logged and dropped; infrastructure errors propagate.
     */
    public void dispatch(String eventJson) {
        intake.read(eventJson).ifPresent(event -> {
            // Java 17: no pattern switch yet.
            if (event instanceof PipelineEvent.InstanceEvent e) {
                instanceEvents().handle(e.detail());
            } else if (event instanceof PipelineEvent.SnapshotEvent e) {
                snapshotEvents().handle(e.detail());
            } else if (event instanceof PipelineEvent.ImageEvent e) {
                imageEvents().handle(e.detail());
            } else {
                intake.ignore(event);
            }
        });
    }
}
