package dev.devbox.it;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.events.AwsEvent;
import dev.devbox.emulator.events.Delivery;
import dev.devbox.emulator.events.FaultPlan;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.ForeignResources;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EventBridge as AWS documents it: best effort. Duplicates, reordering and loss change nothing that matters. */
@ExtendWith(EmulatorExtension.class)
class UnreliableDeliveryIT {

    @Test
    void everyEventThreeTimesInRandomOrderEndsLikeOnce(LocalAws aws) {
        try (Harness h = new Harness(aws).withEventFaults(FaultPlan.duplicatingAll(3), 42L)) {
            ForeignResources foreign = ForeignResources.seed(aws.ec2(), "web");
            h.events.prime();
            for (int cycle = 1; cycle <= 2; cycle++) {
                Invariants.Box box = h.launch("web", Harness.volumes(3));
                h.settle();
                h.terminate(box);
                List<Delivery> deliveries = h.settle();
                assertTrue(deliveries.stream().anyMatch(Delivery::isCopy), "duplicates were delivered");
                assertEquals(ProjectState.READY, h.project("web").state());
                Invariants.check(h);
            }
            assertEquals(2, aws.ec2().describeImages(b -> b.owners("self")
                    .filters(f -> f.name("tag:devbox:stack").values(Harness.STACK))).images().size(), "one AMI per cycle");
            assertTrue(Invariants.remainingVolumes(h).isEmpty());
            foreign.assertUntouched();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void withTwentyPercentOfEventsDroppedTheReconcilerReachesReady(long seed, LocalAws aws) {
        try (Harness h = new Harness(aws).withEventFaults(FaultPlan.random(seed, 0.2, 0.1, 0.1), seed)) {
            ForeignResources foreign = ForeignResources.seed(aws.ec2(), "web");
            h.events.prime();
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            h.reconcileLater(); // the box runs for a while: the reconciler sees it running
            h.terminate(box);
            h.settle();
            for (int run = 0; run < 6 && !done(h.project("web")); run++) {
                h.reconcileLater();
            }
            assertEquals(ProjectState.READY, h.project("web").state());
            assertTrue(Invariants.remainingVolumes(h).isEmpty());
            Invariants.check(h);
            foreign.assertUntouched();
        }
    }

    @ParameterizedTest(name = "all {0} events lost")
    @ValueSource(strings = {AwsEvent.INSTANCE_STATE_CHANGE, AwsEvent.SNAPSHOT_NOTIFICATION, AwsEvent.AMI_STATE_CHANGE})
    void whenEveryEventOfOneKindIsLostTheReconcilerStillFinishes(String lost, LocalAws aws) {
        try (Harness h = new Harness(aws).withEventFaults(FaultPlan.dropping(e -> e.detailType().equals(lost)), null)) {
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            h.reconcileLater();
            h.terminate(box);
            h.settle();
            for (int run = 0; run < 6 && !done(h.project("web")); run++) {
                h.reconcileLater();
            }
            assertEquals(ProjectState.READY, h.project("web").state());
            assertTrue(Invariants.remainingVolumes(h).isEmpty());
            Invariants.check(h);
        }
    }

    private static boolean done(Project p) {
        return p.state() == ProjectState.READY && !p.cleanupPending();
    }
}
