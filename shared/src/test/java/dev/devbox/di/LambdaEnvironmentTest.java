package dev.devbox.di;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaEnvironmentTest {

    @Test
    void appliesTheDocumentedDefaults() {
        LambdaEnvironment env = LambdaEnvironment.from(Map.of(
                "DEVBOX_STACK", "dev", "DEVBOX_TABLE", "dev-table", "AWS_REGION", "eu-west-1"));
        assertEquals("default", env.eventBus());
        assertEquals(3, env.settings().retainImages());
        assertEquals(Duration.ofMinutes(30), env.settings().stuckAfter());
        assertEquals("dev", env.settings().stack());
        assertEquals("", env.settings().deployment(), "no deployment id: AMI names as before");
    }

    @Test
    void readsOverrides() {
        LambdaEnvironment env = LambdaEnvironment.from(Map.of("DEVBOX_STACK", "dev", "DEVBOX_TABLE", "t",
                "AWS_REGION", "eu-west-1", "DEVBOX_EVENT_BUS", "bus", "DEVBOX_RETAIN_AMIS", "5", "DEVBOX_STUCK_MINUTES", "10",
                "DEVBOX_DEPLOYMENT", "3f2a9c10"));
        assertEquals("bus", env.eventBus());
        assertEquals("3f2a9c10", env.settings().deployment());
        assertEquals(5, env.settings().retainImages());
        assertEquals(Duration.ofMinutes(10), env.settings().stuckAfter());
    }

    @Test
    void namesTheMissingOrBrokenVariable() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> LambdaEnvironment.from(Map.of("DEVBOX_TABLE", "t", "AWS_REGION", "r")));
        assertTrue(missing.getMessage().contains("DEVBOX_STACK"));
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> LambdaEnvironment.from(Map.of(
                "DEVBOX_STACK", "s", "DEVBOX_TABLE", "t", "AWS_REGION", "r", "DEVBOX_RETAIN_AMIS", "three")));
        assertTrue(broken.getMessage().contains("DEVBOX_RETAIN_AMIS"));
        assertThrows(IllegalArgumentException.class, () -> LambdaEnvironment.from(Map.of(
                "DEVBOX_STACK", "s", "DEVBOX_TABLE", "t", "AWS_REGION", "r", "DEVBOX_RETAIN_AMIS", "0")));
    }
}
