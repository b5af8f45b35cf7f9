package dev.devbox.cli.project;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WakeRuleTest {
    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");

    private static Project project(ProjectState state, Duration since) {
        return new Project(ProjectName.of("web"), state, 3, NOW.minus(since), "alice", "i-1", "ami-2", 2L, null, 0, 0,
                null, 0, false, null);
    }

    @Test
    void aProjectSavedFiveMinutesAgoOrMoreMayBeStartedByAReconnect() {
        assertTrue(WakeRule.refusal(project(ProjectState.READY, Duration.ofMinutes(5)), NOW).isEmpty());
        assertTrue(WakeRule.refusal(project(ProjectState.READY, Duration.ofDays(3)), NOW).isEmpty());
        assertTrue(WakeRule.refusal(project(ProjectState.LAUNCHING, Duration.ZERO), NOW).isEmpty(),
                "another connection is starting it: this one waits");
    }

    @Test
    void aBoxThatEndedLessThanFiveMinutesAgoIsNotStartedAgain() {
        String said = WakeRule.refusal(project(ProjectState.READY, Duration.ofMinutes(4).plusSeconds(59)), NOW)
                .orElseThrow();
        assertEquals("The box of 'web' ended less than five minutes ago: a reconnecting ssh does not start it again;"
                + " run 'devbox launch web' to start it yourself, then 'devbox ssh web'.", said);
        for (ProjectState saving : new ProjectState[] {ProjectState.SNAPSHOTTING, ProjectState.IMAGING}) {
            assertTrue(WakeRule.refusal(project(saving, Duration.ofHours(1)), NOW).orElseThrow()
                    .contains("is being saved"), saving::name);
        }
        assertTrue(WakeRule.refusal(project(ProjectState.FAILED, Duration.ofHours(1)), NOW).orElseThrow()
                .contains("'devbox status web'"));
    }
}
