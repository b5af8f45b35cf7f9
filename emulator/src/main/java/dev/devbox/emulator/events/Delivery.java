package dev.devbox.emulator.events;

/**
 * What happened to one event (or one copy of it) at one poll: the record tests
 * read to see a duplicate or a drop as such.
 */
public record Delivery(AwsEvent event, Outcome outcome, int copy, String error) {
    public enum Outcome {
        /** Handed to every matching subscriber, which all returned normally. */
        DELIVERED,
        /** Decided: never delivered. */
        DROPPED,
        /** Decided: held back for later polls. */
        DELAYED,
        /** A subscriber threw; the source retries it at the next poll, up to its attempt limit. */
        FAILED
    }

    public boolean isCopy() {
        return copy > 1;
    }
}
