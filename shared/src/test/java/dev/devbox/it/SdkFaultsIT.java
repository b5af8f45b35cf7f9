package dev.devbox.it;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.FaultInjector;
import dev.devbox.testing.FaultInjector.Mode;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults at every SDK call of a full 2-volume cycle: for each call index k, one
 * run gets throttling or a 500 (alternating) before call k (the SDK's retries
 * are off, so the handler sees it) and a crash right after the k-th successful
 * call (the handler dies between two steps). EventBridge redelivers, the
 * reconciler runs; the cycle must end READY, or FAILED with a reason and every
 * volume intact, with the invariants holding.
 */
@ExtendWith(EmulatorExtension.class)
class SdkFaultsIT {
    /** Calls in one cycle as CallCountIT measures them (45), plus retries' extra calls. */
    private static final int CALLS = 48;

    @TestFactory
    Stream<DynamicTest> aFaultAtAnyCallConvergesOrFailsSafely(LocalAws aws) {
        List<DynamicTest> tests = new ArrayList<>();
        for (int call = 0; call < CALLS; call++) {
            int at = call;
            Mode before = call % 2 == 0 ? Mode.THROTTLE : Mode.SERVER_ERROR;
            tests.add(DynamicTest.dynamicTest(before + " before call " + at + ", crash after call " + at,
                    () -> run(aws, at, before)));
        }
        return tests.stream();
    }

    private static void run(LocalAws aws, int call, Mode mode) {
        aws.reset();
        try (Harness h = new Harness(aws)) {
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.faults.armBoth(call, mode, call);
            h.settle();
            h.terminate(box);
            h.settle();
            for (int run = 0; run < 5 && !settled(h.project("web")); run++) {
                try {
                    h.reconcileLater();
                } catch (FaultInjector.InjectedCrash | software.amazon.awssdk.core.exception.SdkException
                         | dev.devbox.pipeline.ReconcileIncompleteException crashed) {
                    // the scheduled run failed; the next one retries
                }
            }
            h.faults.disarm();
            Project project = h.project("web");
            assertTrue(settled(project), "fault " + mode + " at " + h.faults.fired() + ": ended " + project.state());
            if (project.state() == ProjectState.FAILED) {
                assertNotNull(project.failure());
                assertFalse(project.failure().reason().isBlank());
            } else {
                assertTrue(Invariants.remainingVolumes(h).isEmpty());
            }
            Invariants.check(h);
            assertEquals(1, h.published.events().stream().map(e -> e.cycle()).distinct().count());
        }
    }

    private static boolean settled(Project p) {
        return p.state() == ProjectState.FAILED || (p.state() == ProjectState.READY && !p.cleanupPending());
    }
}
