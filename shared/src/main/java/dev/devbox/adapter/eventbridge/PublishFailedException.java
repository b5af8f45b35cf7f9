package dev.devbox.adapter.eventbridge;

import dev.devbox.domain.DevboxException;

/** EventBridge did not take the event; retryable (the step runs again and publishes again). */
final class PublishFailedException extends DevboxException {
    PublishFailedException(String detailType, String why) {
        super("PutEvents '" + detailType + "' failed: " + why);
    }
}
