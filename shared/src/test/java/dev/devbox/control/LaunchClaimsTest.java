package dev.devbox.control;

import dev.devbox.domain.OwnerNamespace;
import dev.devbox.domain.ProjectName;

import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectBusyException;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.Caller;
import dev.devbox.domain.policy.PolicyRefusedException;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devbox.control.ControlFixtures.OWNER;
import static dev.devbox.control.ControlFixtures.WEB;
import static dev.devbox.control.ControlFixtures.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class LaunchClaimsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    /** Alice's new web is keyed for her. */
    private static final ProjectName MINE = OwnerNamespace.key(WEB, OWNER);
    private final ProjectStore projects = mock(ProjectStore.class);
    private final AdminPolicy policy = AdminPolicy.from(Map.of(AdminPolicy.MAX_RUNNING_BOXES_PER_OWNER, "1",
            AdminPolicy.MAX_VOLUME_GIB, "100"));
    private final LaunchClaims claims = new LaunchClaims(projects, new ProjectDirectory(projects), policy, Clock.fixed(NOW, ZoneOffset.UTC),
            ControlFixtures.quietLog());

    private ProjectAccess as(String principal, String ownerFlag) {
        return new ProjectAccess(Caller.of(principal, policy), Optional.ofNullable(ownerFlag));
    }

    @Test
    void aNewProjectBecomesTheCallersAndAnExistingOneKeepsItsOwner() {
        when(projects.find(WEB)).thenReturn(Optional.empty());
        when(projects.list()).thenReturn(List.of());
        when(projects.claimLaunch(MINE, OWNER, NOW, 0L, null)).thenReturn(project(ProjectState.LAUNCHING, OWNER));
        assertEquals(OWNER, claims.claim(as(OWNER, null), WEB, "t3.small", List.of(20)).owner());
        verify(projects).claimLaunch(MINE, OWNER, NOW, 0L, null);
    }

    @Test
    void theTeamRulesRefuseBeforeAnythingIsClaimed() {
        when(projects.find(WEB)).thenReturn(Optional.empty());
        Project other = new Project(dev.devbox.domain.ProjectName.of("api"), ProjectState.RUNNING, 1, NOW, OWNER, "i-2",
                null, null, null, 0, 1, null, 0, false, null);
        when(projects.list()).thenReturn(List.of(other));
        assertThrows(PolicyRefusedException.class, () -> claims.claim(as(OWNER, null), WEB, null, List.of(20)),
                "one running box is this stack's most");
        when(projects.list()).thenReturn(List.of());
        assertThrows(PolicyRefusedException.class, () -> claims.claim(as(OWNER, null), WEB, null, List.of(20, 200)));
        assertThrows(PolicyRefusedException.class, () -> claims.claim(as(OWNER, null), WEB, "p5.48xlarge", null));
        java.util.List<Integer> withNull = new java.util.ArrayList<>(List.of(20));
        withNull.add(null);
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class,
                () -> claims.claim(as(OWNER, null), WEB, null, withNull)).kind());
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class,
                () -> claims.claim(as(OWNER, null), WEB, null, List.of(20, 0))).kind());
        verify(projects, never()).claimLaunch(any(), anyString(), any(), org.mockito.ArgumentMatchers.anyLong(), any());
    }

    @Test
    void aBusyProjectIsAConflictWithWhatToDo() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.RUNNING, OWNER)));
        ControlRefusal running = assertThrows(ControlRefusal.class, () -> claims.claim(as(OWNER, null), WEB, null, null));
        assertEquals(ControlRefusal.Kind.CONFLICT, running.kind());
        assertTrue(running.getMessage().contains("already has a running box (i-1)"), running.getMessage());

        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.READY, OWNER)));
        when(projects.list()).thenReturn(List.of());
        when(projects.claimLaunch(WEB, OWNER, NOW, 0L, null)).thenThrow(new ProjectBusyException(WEB, ProjectState.LAUNCHING));
        ControlRefusal raced = assertThrows(ControlRefusal.class, () -> claims.claim(as(OWNER, null), WEB, null, null));
        assertTrue(raced.getMessage().contains("already being launched"), raced.getMessage());
    }

    @Test
    void anotherDevelopersProjectIsNeverClaimedANewProjectIsKeyedForItsOwner() {
        String bob = "arn:aws:iam::123456789012:user/bob";
        ProjectName bobsWeb = OwnerNamespace.key(WEB, bob);
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.READY, OWNER)));
        when(projects.claimLaunch(bobsWeb, bob, NOW, 0L, null)).thenReturn(new Project(bobsWeb, ProjectState.LAUNCHING, 1,
                NOW, bob, null, null, null, null, 0, 0, null, 0, false, null));
        Project claimed = claims.claim(as(bob, null), WEB, null, null);
        assertEquals(bobsWeb, claimed.name());
        assertEquals("web", ProjectDirectory.displayName(claimed));
        verify(projects, never()).claimLaunch(org.mockito.ArgumentMatchers.eq(WEB), anyString(), any(),
                org.mockito.ArgumentMatchers.anyLong(), any());
    }

    @Test
    void ownerCannotCreateAProjectForSomeoneElse() {
        AdminPolicy admins = AdminPolicy.from(Map.of(AdminPolicy.ADMIN_PRINCIPALS, "root"));
        ProjectAccess admin = new ProjectAccess(Caller.of("root", admins), Optional.of("alice"));
        when(projects.find(WEB)).thenReturn(Optional.empty());
        ControlRefusal e = assertThrows(ControlRefusal.class, () -> claims.claim(admin, WEB, null, null));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, e.kind());
        verify(projects, never()).claimLaunch(any(), anyString(), any(), org.mockito.ArgumentMatchers.anyLong(), any());
    }

    @Test
    void theBoxStartedAndTheClaimGivenUpAreRecordedForTheClaimsOwnCycle() {
        Project launching = project(ProjectState.LAUNCHING, OWNER);
        claims.started(launching, "i-9");
        verify(projects).recordLaunched(launching.cycle(), "i-9", NOW);

        claims.release(launching, "InsufficientInstanceCapacity: none");
        verify(projects).markFailed(launching.cycle(), ProjectState.LAUNCHING,
                new Failure(ProjectState.LAUNCHING, "InsufficientInstanceCapacity: none"), NOW);
        claims.release(launching, " ");
        verify(projects).markFailed(launching.cycle(), ProjectState.LAUNCHING,
                new Failure(ProjectState.LAUNCHING, "the launch failed"), NOW);
    }

    @Test
    void admittingChangesNothingAndNamesTheOwner() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.READY, OWNER)));
        when(projects.list()).thenReturn(List.of());
        assertEquals(OWNER, claims.admit(as(OWNER, null), WEB, "t3.small", List.of(20)));
        verify(projects, never()).claimLaunch(any(), anyString(), any(), org.mockito.ArgumentMatchers.anyLong(), any());
    }

    @Test
    void aProjectFromBeforeOwnersIsNoDevelopersToTakeAndAnAdminsLaunchGivesItAnOwner() {
        Project legacy = project(ProjectState.READY, null);
        when(projects.find(WEB)).thenReturn(Optional.of(legacy));
        when(projects.list()).thenReturn(List.of(legacy));
        assertThrows(dev.devbox.domain.policy.ForeignProjectException.class,
                () -> claims.claim(as(OWNER, null), WEB, null, List.of(20)));
        verify(projects, never()).claimLaunch(any(), anyString(), any(), org.mockito.ArgumentMatchers.anyLong(), any());

        AdminPolicy admins = AdminPolicy.from(Map.of(AdminPolicy.ADMIN_PRINCIPALS, "root"));
        LaunchClaims asAdmin = new LaunchClaims(projects, new ProjectDirectory(projects), admins, Clock.fixed(NOW, ZoneOffset.UTC),
                ControlFixtures.quietLog());
        when(projects.claimLaunch(WEB, OWNER, NOW, 0L, null)).thenReturn(project(ProjectState.LAUNCHING, OWNER));
        asAdmin.claim(new ProjectAccess(Caller.of("root", admins), Optional.of(OWNER)), WEB, null, List.of(20));
        verify(projects).claimLaunch(WEB, OWNER, NOW, 0L, null);
    }

    @Test
    void claimsOfOneOwnerThatRaceAreJudgedAgainAndTheRulesStillHold() {
        when(projects.find(WEB)).thenReturn(Optional.empty());
        when(projects.launchTicket(OWNER)).thenReturn(4L, 5L);
        Project api = new Project(dev.devbox.domain.ProjectName.of("api"), ProjectState.LAUNCHING, 1, NOW, OWNER, null,
                null, null, null, 0, 1, null, 0, false, null);
        // The first count saw no box; the racing claim's box is there when the rules are judged again.
        when(projects.list()).thenReturn(List.of(), List.of(api));
        when(projects.claimLaunch(MINE, OWNER, NOW, 4L, null)).thenThrow(new dev.devbox.domain.ConcurrentUpdateException(
                "another launch", null));
        assertThrows(PolicyRefusedException.class, () -> claims.claim(as(OWNER, null), WEB, null, List.of(20)),
                "MaxRunningBoxesPerOwner is 1: the second of two racing launches is refused");
        verify(projects, never()).claimLaunch(MINE, OWNER, NOW, 5L, null);

        when(projects.launchTicket(OWNER)).thenReturn(7L);
        when(projects.list()).thenReturn(List.of());
        when(projects.claimLaunch(MINE, OWNER, NOW, 7L, null)).thenThrow(new dev.devbox.domain.ConcurrentUpdateException(
                "another launch", null));
        ControlRefusal gaveUp = assertThrows(ControlRefusal.class, () -> claims.claim(as(OWNER, null), WEB, null,
                List.of(20)));
        assertEquals(ControlRefusal.Kind.CONFLICT, gaveUp.kind());
        verify(projects, org.mockito.Mockito.times(LaunchClaims.CLAIM_ATTEMPTS)).claimLaunch(MINE, OWNER, NOW, 7L, null);
    }
}
