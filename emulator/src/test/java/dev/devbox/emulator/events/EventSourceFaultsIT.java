package dev.devbox.emulator.events;

import static dev.devbox.emulator.Ec2Scenarios.ebs;
import static dev.devbox.emulator.Ec2Scenarios.runInstance;
import static dev.devbox.emulator.Ec2Scenarios.someBaseImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** Fault injection, observed as such: a duplicate arrives twice with one id, a dropped event never arrives. */
@ExtendWith(EmulatorExtension.class)
class EventSourceFaultsIT {
    private final List<String> received = new ArrayList<>();

    private LocalEventSource source(LocalAws aws, FaultPlan faults) {
        LocalEventSource source = new LocalEventSource(aws.ec2(), aws.region().id(), aws.account())
                .withFaults(faults)
                .subscribe(Set.of(AwsEvent.INSTANCE_STATE_CHANGE), received::add);
        source.prime();
        return source;
    }

    private static String terminatedBox(LocalAws aws) {
        String instance = runInstance(aws.ec2(), someBaseImage(aws.ec2()), ebs("/dev/sda1", 8, VolumeType.GP3));
        aws.ec2().terminateInstances(b -> b.instanceIds(instance));
        return instance;
    }

    @Test
    void aDuplicatedEventArrivesTwiceWithTheSameId(LocalAws aws) {
        LocalEventSource source = source(aws, event -> "terminated".equals(event.state())
                ? new Fault.Duplicate(2) : Fault.DELIVER);
        terminatedBox(aws);

        List<Delivery> deliveries = source.poll();

        List<Delivery> terminated = deliveries.stream().filter(d -> "terminated".equals(d.event().state())).toList();
        assertEquals(2, terminated.size());
        assertTrue(terminated.stream().allMatch(d -> d.outcome() == Delivery.Outcome.DELIVERED));
        assertEquals(terminated.get(0).event().id(), terminated.get(1).event().id());
        assertTrue(terminated.get(1).isCopy());
        assertEquals(2, received.stream().filter(json -> json.contains("\"terminated\"")).count());
        assertEquals(1, received.stream().filter(json -> json.contains("\"shutting-down\"")).count());
    }

    @Test
    void aDroppedEventIsRecordedAndNeverDelivered(LocalAws aws) {
        LocalEventSource source = source(aws, FaultPlan.dropping(event -> "shutting-down".equals(event.state())));
        terminatedBox(aws);

        source.poll();
        source.poll();

        assertEquals(1, source.history().stream()
                .filter(d -> d.outcome() == Delivery.Outcome.DROPPED && "shutting-down".equals(d.event().state()))
                .count());
        assertTrue(received.stream().noneMatch(json -> json.contains("\"shutting-down\"")));
        assertTrue(received.stream().anyMatch(json -> json.contains("\"terminated\"")));
    }

    @Test
    void aDelayedEventArrivesAfterLaterOnes(LocalAws aws) {
        LocalEventSource source = source(aws, event -> "shutting-down".equals(event.state())
                ? new Fault.Delay(1) : Fault.DELIVER);
        terminatedBox(aws);

        source.poll();
        assertEquals(1, source.heldBack());
        source.poll();

        List<String> order = received.stream()
                .map(json -> json.contains("\"shutting-down\"") ? "shutting-down"
                        : json.contains("\"terminated\"") ? "terminated" : "other")
                .filter(s -> !s.equals("other")).toList();
        assertEquals(List.of("terminated", "shutting-down"), order);
        assertEquals(0, source.heldBack());
    }

    @Test
    void aFailingSubscriberGetsTheEventAgainUpToTheAttemptLimit(LocalAws aws) {
        List<String> attempts = new ArrayList<>();
        LocalEventSource source = new LocalEventSource(aws.ec2(), aws.region().id(), aws.account())
                .maxAttempts(2)
                .subscribe(Set.of(AwsEvent.INSTANCE_STATE_CHANGE), json -> {
                    attempts.add(json);
                    throw new IllegalStateException("handler crashed");
                });
        source.prime();
        terminatedBox(aws);

        source.poll();
        source.poll();
        source.poll();

        // shutting-down and terminated, each tried twice, then given up (EventBridge would dead-letter them).
        assertEquals(4, attempts.size());
        assertEquals(4, source.history().stream().filter(d -> d.outcome() == Delivery.Outcome.FAILED).count());
        assertEquals(0, source.heldBack());
    }
}
