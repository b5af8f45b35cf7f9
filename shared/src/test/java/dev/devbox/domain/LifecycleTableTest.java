package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.devbox.domain.ProjectState.FAILED;
import static dev.devbox.domain.ProjectState.IMAGING;
import static dev.devbox.domain.ProjectState.LAUNCHING;
import static dev.devbox.domain.ProjectState.READY;
import static dev.devbox.domain.ProjectState.RUNNING;
import static dev.devbox.domain.ProjectState.SNAPSHOTTING;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The whole transition table, pair by pair: every move the stores may make, and every one they may not. */
class LifecycleTableTest {
    private static final Map<ProjectState, Set<ProjectState>> LEGAL = Map.of(
            LAUNCHING, EnumSet.of(RUNNING, FAILED),
            RUNNING, EnumSet.of(SNAPSHOTTING, FAILED),
            SNAPSHOTTING, EnumSet.of(IMAGING, FAILED),
            IMAGING, EnumSet.of(READY, FAILED),
            READY, EnumSet.of(LAUNCHING),
            FAILED, EnumSet.of(LAUNCHING, SNAPSHOTTING, IMAGING));

    @Test
    void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
        for (ProjectState from : ProjectState.values()) {
            for (ProjectState to : ProjectState.values()) {
                boolean legal = LEGAL.get(from).contains(to);
                assertEquals(legal, Lifecycle.allowed(from, to), from + " -> " + to);
                if (legal) {
                    assertDoesNotThrow(() -> Lifecycle.require(from, to), from + " -> " + to);
                } else {
                    IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                            () -> Lifecycle.require(from, to), from + " -> " + to);
                    assertEquals("illegal project transition " + from + " -> " + to, e.getMessage());
                }
            }
        }
    }

    @Test
    void onlyReadyAndFailedAreSettledAndLaunchable() {
        Set<ProjectState> settled = EnumSet.of(READY, FAILED);
        for (ProjectState s : ProjectState.values()) {
            assertEquals(!settled.contains(s), s.inFlight(), s.name());
            assertEquals(settled.contains(s), s.launchable(), s.name());
        }
    }

    @Test
    void everyInFlightStateRefusesANewLaunchWithItsState() {
        for (ProjectState s : ProjectState.values()) {
            Project current = project(s, 5);
            if (s.launchable()) {
                assertEquals(6, Lifecycle.nextGeneration(current), s.name());
            } else {
                ProjectBusyException busy = assertThrows(ProjectBusyException.class,
                        () -> Lifecycle.nextGeneration(current), s.name());
                assertEquals(s, busy.state());
                assertEquals(ProjectName.of("web"), busy.project());
            }
        }
    }

    static Project project(ProjectState state, long generation) {
        return new Project(ProjectName.of("web"), state, generation, Instant.EPOCH, null, null, null, null, null,
                0, 0, null, 0, false, null);
    }
}
