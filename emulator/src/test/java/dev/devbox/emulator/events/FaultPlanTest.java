package dev.devbox.emulator.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static final AwsEvent EVENT = new AwsEvent("id", AwsEvent.INSTANCE_STATE_CHANGE, "i-1", "terminated", "{}");

    @Test
    void theSameSeedMakesTheSameDecisions() {
        List<Fault> first = decisions(FaultPlan.random(7, 0.2, 0.2, 0.2));
        List<Fault> second = decisions(FaultPlan.random(7, 0.2, 0.2, 0.2));
        assertEquals(first, second);
    }

    @Test
    void ratesAreRoughlyHonoured() {
        long drops = decisions(FaultPlan.random(11, 0.2, 0, 0)).stream().filter(f -> f instanceof Fault.Drop).count();
        assertTrue(drops > 150 && drops < 250, "drops out of 1000: " + drops);
    }

    @Test
    void impossibleRatesAndCopiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.random(1, 0.6, 0.6, 0));
        assertThrows(IllegalArgumentException.class, () -> new Fault.Duplicate(1));
        assertThrows(IllegalArgumentException.class, () -> new Fault.Delay(0));
    }

    private static List<Fault> decisions(FaultPlan plan) {
        return IntStream.range(0, 1000).mapToObj(i -> plan.decide(EVENT)).toList();
    }
}
