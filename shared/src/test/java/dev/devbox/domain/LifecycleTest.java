package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.devbox.domain.ProjectState.FAILED;
import static dev.devbox.domain.ProjectState.IMAGING;
import static dev.devbox.domain.ProjectState.LAUNCHING;
import static dev.devbox.domain.ProjectState.READY;
import static dev.devbox.domain.ProjectState.RUNNING;
import static dev.devbox.domain.ProjectState.SNAPSHOTTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {

    @Test
    void followsTheHappyPathInOrder() {
        assertTrue(Lifecycle.allowed(LAUNCHING, RUNNING));
        assertTrue(Lifecycle.allowed(RUNNING, SNAPSHOTTING));
        assertTrue(Lifecycle.allowed(SNAPSHOTTING, IMAGING));
        assertTrue(Lifecycle.allowed(IMAGING, READY));
        assertTrue(Lifecycle.allowed(READY, LAUNCHING));
    }

    @Test
    void anyInFlightStageMayFailButReadyMayNot() {
        for (ProjectState s : ProjectState.values()) {
            assertEquals(s.inFlight(), Lifecycle.allowed(s, FAILED), s.name());
        }
    }

    @Test
    void skippingAStageIsIllegal() {
        assertFalse(Lifecycle.allowed(RUNNING, IMAGING));
        assertFalse(Lifecycle.allowed(SNAPSHOTTING, READY));
        assertThrows(IllegalTransitionException.class, () -> Lifecycle.require(RUNNING, READY));
    }

    @Test
    void aNewProjectStartsAtGenerationOneAndEachLaunchBumpsIt() {
        assertEquals(1, Lifecycle.nextGeneration(null));
        assertEquals(8, Lifecycle.nextGeneration(project(READY, 7)));
        assertEquals(3, Lifecycle.nextGeneration(project(FAILED, 2)));
    }

    @Test
    void launchingABusyProjectIsRefused() {
        ProjectBusyException e = assertThrows(ProjectBusyException.class,
                () -> Lifecycle.nextGeneration(project(SNAPSHOTTING, 4)));
        assertEquals(SNAPSHOTTING, e.state());
    }

    @Test
    void ownershipNeedsStackProjectAndGeneration() {
        CycleRef cycle = new CycleRef(ProjectName.of("web"), 3);
        assertTrue(Ownership.ownedByCycle(Ownership.cycleTags("dev", cycle), "dev", cycle));
        assertFalse(Ownership.ownedByCycle(Ownership.cycleTags("prod", cycle), "dev", cycle));
        assertFalse(Ownership.ownedByCycle(Ownership.cycleTags("dev", new CycleRef(ProjectName.of("web"), 2)), "dev", cycle));
        assertFalse(Ownership.ownedByProject(java.util.Map.of(), "dev", cycle.project()));
        assertEquals("devbox-dev-web-g3", ResourceNames.imageName("dev", cycle));
    }

    @Test
    void amiNamesCarryTheDeploymentAndStayWithinEc2sLimit() {
        CycleRef cycle = new CycleRef(ProjectName.of("web"), 3);
        assertEquals("devbox-dev-3f2a9c10-web-g3", ResourceNames.imageName("dev", "3f2a9c10", cycle));
        assertNotEquals(ResourceNames.imageName("dev", "3f2a9c10", cycle), ResourceNames.imageName("dev", "77e01b2d", cycle),
                "a redeployed stack of the same name names its AMIs differently");
        String longStack = "a".repeat(120);
        String name = ResourceNames.imageName(longStack, "3f2a9c10", cycle);
        assertTrue(name.length() <= 128, name.length() + ": " + name);
        assertTrue(name.matches("[A-Za-z0-9()\\[\\] ./'@_-]{3,128}"), "only characters EC2 accepts in an AMI name: " + name);
        assertTrue(name.endsWith("-3f2a9c10-web-g3"), name);
        assertNotEquals(name, ResourceNames.imageName("a".repeat(119) + "b", "3f2a9c10", cycle),
                "long stack names that differ only at the end still give different names");
    }

    static Project project(ProjectState state, long generation) {
        return new Project(ProjectName.of("web"), state, generation, Instant.EPOCH, null, null, null, null, null,
                0, 0, null, 0, false, null);
    }
}
