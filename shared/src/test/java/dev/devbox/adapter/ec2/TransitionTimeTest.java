package dev.devbox.adapter.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a box ended, read from EC2's StateTransitionReason (AWS writes GMT, moto UTC). */
class TransitionTimeTest {
    @Test
    void theTimeInAUserOrServiceInitiatedReasonIsRead() {
        assertEquals(Instant.parse("2026-12-07T10:14:55Z"),
                SdkEc2Gateway.transitionTime("User initiated (2026-12-07 10:14:55 GMT)"));
        assertEquals(Instant.parse("2026-12-07T10:14:55Z"),
                SdkEc2Gateway.transitionTime("User initiated (2026-12-07 10:14:55 UTC)"));
        assertEquals(Instant.parse("2026-12-07T09:58:00Z"),
                SdkEc2Gateway.transitionTime("Service initiated (2026-12-07 09:58:00 GMT)"));
    }

    @Test
    void aReasonWithoutATimeGivesNone() {
        assertNull(SdkEc2Gateway.transitionTime(null));
        assertNull(SdkEc2Gateway.transitionTime(""));
        assertNull(SdkEc2Gateway.transitionTime("Server.InternalError"));
        assertNull(SdkEc2Gateway.transitionTime("User initiated (07/12/2026 10:14)"));
    }
}
