package dev.devbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.domain.SessionEnding.Cause;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionEndingTest {
    private static final Instant ENDED = Instant.parse("2026-12-07T10:14:55.123Z");
    private static final Instant ASKED = Instant.parse("2026-12-07T10:14:50Z");

    @Test
    void ec2sReasonSaysSpotAndInsideWhoeverAskedAndApiUnlessDevboxTerminateAsked() {
        assertEquals(Cause.SPOT, SessionEnding.causeOf("Server.SpotInstanceTermination", false));
        assertEquals(Cause.INSIDE, SessionEnding.causeOf("Client.InstanceInitiatedShutdown", false));
        assertEquals(Cause.INSIDE, SessionEnding.causeOf("Client.InstanceInitiatedShutdown", true));
        assertEquals(Cause.API, SessionEnding.causeOf("Client.UserInitiatedShutdown", false));
        assertEquals(Cause.CLI, SessionEnding.causeOf("Client.UserInitiatedShutdown", true));
        assertEquals(Cause.UNKNOWN, SessionEnding.causeOf("Server.InternalError", false));
        assertEquals(Cause.UNKNOWN, SessionEnding.causeOf(null, false));
    }

    @Test
    void thePipelinesRecordCombinesWithATerminateAskedInTheSameCycleOnly() {
        assertEquals(Optional.of(new SessionEnding(6, Cause.CLI, ENDED)),
                SessionEnding.combine(6L, "Client.UserInitiatedShutdown", ENDED, 6L, ASKED));
        assertEquals(Optional.of(new SessionEnding(6, Cause.API, ENDED)),
                SessionEnding.combine(6L, "Client.UserInitiatedShutdown", ENDED, 5L, ASKED));
        assertEquals(Optional.of(new SessionEnding(6, Cause.API, ENDED)),
                SessionEnding.combine(6L, "Client.UserInitiatedShutdown", ENDED, null, null));
    }

    @Test
    void aTerminateAskedForACycleThePipelineHasNotRecordedSaysCliAtTheAskingTime() {
        assertEquals(Optional.of(new SessionEnding(7, Cause.CLI, ASKED)),
                SessionEnding.combine(6L, "Client.InstanceInitiatedShutdown", ENDED, 7L, ASKED));
        assertEquals(Optional.of(new SessionEnding(7, Cause.CLI, ASKED)),
                SessionEnding.combine(null, null, null, 7L, ASKED));
        assertTrue(SessionEnding.combine(null, null, null, null, null).isEmpty());
    }

    @Test
    void theRecordLineIsWhatTheLoginScriptReadsInWholeSeconds() {
        assertEquals("inside 12 2026-12-07T10:14:55Z", new SessionEnding(12, Cause.INSIDE, ENDED).record());
        assertEquals("cli 1 2026-12-07T10:14:50Z", new SessionEnding(1, Cause.CLI, ASKED).record());
    }
}
