package dev.devbox.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateAccessTest {
    @Test
    void theStacksRuleDecidesWhatALaunchMayAskFor() {
        PrivateAccess never = PrivateAccess.of("Never", null);
        PrivateAccess allowed = PrivateAccess.of("Allowed", "eice-1");
        PrivateAccess always = PrivateAccess.of("always", "eice-1");
        assertFalse(never.privateBox(null));
        assertFalse(allowed.privateBox(null));
        assertTrue(allowed.privateBox(true));
        assertFalse(allowed.privateBox(false));
        assertTrue(always.privateBox(null));
        assertTrue(always.privateBox(true));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> never.privateBox(true))
                .kind());
        assertTrue(assertThrows(ControlRefusal.class, () -> always.privateBox(false)).getMessage()
                .contains("PrivateBoxes=Always"));
        // Allowed without an endpoint (a stack whose endpoint is gone): refused, not a box nobody can reach.
        assertThrows(ControlRefusal.class, () -> PrivateAccess.of("Allowed", " ").privateBox(true));
    }

    @Test
    void blankIsNeverAndAnUnknownValueFailsTheStart() {
        assertEquals(PrivateAccess.Policy.NEVER, PrivateAccess.of(null, null).policy());
        assertEquals(PrivateAccess.Policy.NEVER, PrivateAccess.of("", null).policy());
        assertTrue(assertThrows(IllegalStateException.class, () -> PrivateAccess.of("Sometimes", null)).getMessage()
                .contains("Never, Allowed or Always"));
    }
}
