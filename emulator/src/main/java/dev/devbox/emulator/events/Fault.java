package dev.devbox.emulator.events;

/** What the event source does with one event: what AWS's best-effort delivery may do. */
public sealed interface Fault {
    Fault DELIVER = new Deliver();
    Fault DROP = new Drop();

    /** Delivered once, on time. */
    record Deliver() implements Fault {}

    /** Never delivered (AWS: events are best effort). */
    record Drop() implements Fault {}

    /** Delivered {@code copies} times in all, same event id each time. */
    record Duplicate(int copies) implements Fault {
        public Duplicate {
            if (copies < 2) {
                throw new IllegalArgumentException("a duplicate means at least 2 copies, not " + copies);
            }
        }
    }

    /** Held back and delivered after {@code polls} further polls, so later events overtake it. */
    record Delay(int polls) implements Fault {
        public Delay {
            if (polls < 1) {
                throw new IllegalArgumentException("a delay is at least 1 poll, not " + polls);
            }
        }
    }
}
