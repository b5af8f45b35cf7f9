package dev.devbox.control;

import dev.devbox.domain.OwnerNamespace;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.Caller;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Which record a developer's project name means: their own, never another's. */
class ProjectDirectoryTest {
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:iam::123456789012:user/bob";
    private static final String CAROL = "arn:aws:iam::123456789012:user/carol";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    private static final ProjectName WEB = ProjectName.of("web");
    private static final ProjectName ALICES_WEB = OwnerNamespace.key(WEB, ALICE);
    private static final ProjectName BOBS_WEB = OwnerNamespace.key(WEB, BOB);
    private final ProjectStore store = mock(ProjectStore.class);
    private final ProjectDirectory directory = new ProjectDirectory(store);
    private final AdminPolicy policy = AdminPolicy.from(Map.of(AdminPolicy.ADMIN_PRINCIPALS, ADMIN));

    private static Project project(ProjectName key, String owner) {
        return new Project(key, ProjectState.READY, 1, Instant.parse("2026-12-07T00:00:00Z"), owner, null, "ami-1",
                1L, null, 0, 1, null, 0, false, null);
    }

    private ProjectAccess as(String principal, String ownerFlag) {
        return new ProjectAccess(Caller.of(principal, policy), Optional.ofNullable(ownerFlag));
    }

    @Test
    void eachOwnerFindsTheirOwnWebAndNoOneElsesIsEvenFound() {
        when(store.find(ALICES_WEB)).thenReturn(Optional.of(project(ALICES_WEB, ALICE)));
        when(store.find(BOBS_WEB)).thenReturn(Optional.of(project(BOBS_WEB, BOB)));
        assertEquals(ALICES_WEB, directory.find(as(ALICE, null), WEB).orElseThrow().name());
        assertEquals(BOBS_WEB, directory.find(as(BOB, null), WEB).orElseThrow().name());
        assertEquals(Optional.empty(), directory.find(as(CAROL, null), WEB), "carol has no web");
        assertEquals(Optional.empty(), directory.find(as(CAROL, null), BOBS_WEB), "nor by typing bob's key");
        assertEquals("web", ProjectDirectory.displayName(project(BOBS_WEB, BOB)));
    }

    @Test
    void aNewProjectIsKeyedForItsOwnerWhoeverHasTheName() {
        assertEquals(BOBS_WEB, directory.keyFor(as(BOB, null), WEB));
        when(store.find(ALICES_WEB)).thenReturn(Optional.of(project(ALICES_WEB, ALICE)));
        assertEquals(BOBS_WEB, directory.keyFor(as(BOB, null), WEB), "alice's web changes nothing for bob");
        assertEquals(ALICES_WEB, directory.keyFor(as(ALICE, null), WEB));
    }

    @Test
    void aPlainKeyFromBeforeNamesWerePerOwnerIsItsOwnersAndAnOwnerlessOneTheAdmins() {
        when(store.find(WEB)).thenReturn(Optional.of(project(WEB, ALICE)));
        assertEquals(WEB, directory.find(as(ALICE, null), WEB).orElseThrow().name());
        assertEquals(WEB, directory.keyFor(as(ALICE, null), WEB), "her launch resumes it");
        assertEquals(Optional.empty(), directory.find(as(BOB, null), WEB), "not found for anyone else");
        assertEquals(BOBS_WEB, directory.keyFor(as(BOB, null), WEB));

        when(store.find(WEB)).thenReturn(Optional.of(project(WEB, null)));
        ForeignProjectException e = assertThrows(ForeignProjectException.class, () -> directory.find(as(BOB, null), WEB));
        assertTrue(e.getMessage().contains("before devbox kept owners"), e.getMessage());
        assertEquals(WEB, directory.find(as(ADMIN, null), WEB).orElseThrow().name());
    }

    @Test
    void aSuffixThatCollidesWithAnotherOwnersIsNotFoundNotRefused() {
        when(store.find(BOBS_WEB)).thenReturn(Optional.of(project(BOBS_WEB, CAROL)));
        assertEquals(Optional.empty(), directory.find(as(BOB, null), WEB));
    }

    @Test
    void anAdminNamingAnOwnerGetsThatOwnersProjectElseOneFromBeforeOwners() {
        when(store.list()).thenReturn(List.of(project(WEB, null), project(BOBS_WEB, BOB), project(ALICES_WEB, ALICE)));
        assertEquals(BOBS_WEB, directory.find(as(ADMIN, "bob"), WEB).orElseThrow().name());
        assertEquals(BOBS_WEB, directory.find(as(ADMIN, BOB), WEB).orElseThrow().name());
        assertEquals(WEB, directory.find(as(ADMIN, "carol"), WEB).orElseThrow().name(),
                "carol has none: the one from before owners, for the admin to give to her");
        assertThrows(ForeignProjectException.class, () -> directory.find(as(BOB, "alice"), WEB), "bob is no admin");
    }

    @Test
    void anOwnerNameThatFitsTwoPrincipalsIsRefusedUntilTheAdminGivesTheArn() {
        String sessionBob = "arn:aws:sts::123456789012:assumed-role/Dev/bob";
        ProjectName sessionBobsWeb = OwnerNamespace.key(WEB, sessionBob);
        when(store.list()).thenReturn(List.of(project(BOBS_WEB, BOB), project(sessionBobsWeb, sessionBob)));
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> directory.find(as(ADMIN, "bob"), WEB));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, refused.kind());
        assertTrue(refused.getMessage().contains(BOB) && refused.getMessage().contains(sessionBob), refused.getMessage());
        assertEquals(sessionBobsWeb, directory.find(as(ADMIN, sessionBob), WEB).orElseThrow().name());
        assertEquals(BOBS_WEB, directory.find(as(ADMIN, BOB), WEB).orElseThrow().name());
    }

    @Test
    void anAdminNamingAnOwnerGetsThatProjectOfTheirsNeverAnotherNameOrAnotherOwnersProject() {
        ProjectName bobsApi = OwnerNamespace.key(ProjectName.of("api"), BOB);
        when(store.list()).thenReturn(List.of(project(bobsApi, BOB), project(ALICES_WEB, ALICE), project(BOBS_WEB, BOB)));
        assertEquals(BOBS_WEB, directory.find(as(ADMIN, "bob"), WEB).orElseThrow().name(), "bob's web, not his api");
        assertEquals(bobsApi, directory.find(as(ADMIN, "bob"), ProjectName.of("api")).orElseThrow().name());
        assertEquals(Optional.empty(), directory.find(as(ADMIN, "carol"), WEB),
                "carol has no web, and no project from before owners is called web: nothing, never alice's");
    }
}
