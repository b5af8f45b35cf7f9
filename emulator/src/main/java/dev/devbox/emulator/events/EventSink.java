package dev.devbox.emulator.events;

/** A subscriber: receives the event JSON, as a Lambda function would. Throwing means the delivery failed. */
@FunctionalInterface
public interface EventSink {
    void accept(String eventJson) throws Exception;
}
