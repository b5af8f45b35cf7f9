package dev.devbox.emulator.events;

import java.util.Random;
import java.util.function.Predicate;

/** Decides, event by event, whether the source delivers, drops, duplicates or delays it. */
@FunctionalInterface
public interface FaultPlan {
    Fault decide(AwsEvent event);

    /** Every event delivered once, in order. */
    static FaultPlan none() {
        return event -> Fault.DELIVER;
    }

    /** Drops the events that match. */
    static FaultPlan dropping(Predicate<AwsEvent> which) {
        return event -> which.test(event) ? Fault.DROP : Fault.DELIVER;
    }

    /** Delivers every event {@code copies} times. */
    static FaultPlan duplicatingAll(int copies) {
        Fault duplicate = new Fault.Duplicate(copies);
        return event -> duplicate;
    }

    /**
     * Seeded random faults: each event is dropped, duplicated (2 to 3 copies) or
     * delayed (1 to 3 polls) with the given probabilities; the same seed gives
     * the same decisions for the same sequence of events.
     */
    static FaultPlan random(long seed, double dropRate, double duplicateRate, double delayRate) {
        if (dropRate + duplicateRate + delayRate > 1.0) {
            throw new IllegalArgumentException("fault rates add up to more than 1");
        }
        Random random = new Random(seed);
        return event -> {
            double roll;
            int extra;
            synchronized (random) {
                roll = random.nextDouble();
                extra = random.nextInt(2);
            }
            if (roll < dropRate) {
                return Fault.DROP;
            }
            if (roll < dropRate + duplicateRate) {
                return new Fault.Duplicate(2 + extra);
            }
            if (roll < dropRate + duplicateRate + delayRate) {
                return new Fault.Delay(1 + extra + extra);
            }
            return Fault.DELIVER;
        };
    }
}
