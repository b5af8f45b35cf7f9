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

/** Which record a developer's project name means: their own under either key, never another's. */
class ProjectDirectoryTest {
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:iam::123456789012:user/bob";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    private static final ProjectName WEB = ProjectName.of("web");
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
    void eachOwnerFindsTheirOwnWebUnderWhicheverKeyItHas() {
        when(store.find(WEB)).thenReturn(Optional.of(project(WEB, ALICE)));
        when(store.find(BOBS_WEB)).thenReturn(Optional.of(project(BOBS_WEB, BOB)));
        assertEquals(WEB, directory.find(as(ALICE, null), WEB).orElseThrow().name());
        assertEquals(BOBS_WEB, directory.find(as(BOB, null), WEB).orElseThrow().name());
        assertEquals(Optional.empty(), directory.find(as("arn:aws:iam::123456789012:user/carol", null), WEB),
                "carol has no web: alice's is not found for her, not refused");
        assertEquals("web", ProjectDirectory.displayName(project(BOBS_WEB, BOB)));
    }

    @Test
    void aNewProjectTakesThePlainNameWhenFreeElseTheCallersOwnKey() {
        assertEquals(WEB, directory.keyFor(as(BOB, null), WEB));
        when(store.find(WEB)).thenReturn(Optional.of(project(WEB, ALICE)));
        assertEquals(BOBS_WEB, directory.keyFor(as(BOB, null), WEB));
        assertEquals(WEB, directory.keyFor(as(ALICE, null), WEB), "alice's own");
        // alice's plain web deleted since: bob keeps his key, carol may take the plain name
        when(store.find(WEB)).thenReturn(Optional.empty());
        when(store.find(BOBS_WEB)).thenReturn(Optional.of(project(BOBS_WEB, BOB)));
        assertEquals(BOBS_WEB, directory.keyFor(as(BOB, null), WEB));
        assertEquals(WEB, directory.keyFor(as("arn:aws:iam::123456789012:user/carol", null), WEB));
    }

    @Test
    void aProjectFromBeforeOwnersIsRefusedToDevelopersAndFoundForAdmins() {
        when(store.find(WEB)).thenReturn(Optional.of(project(WEB, null)));
        ForeignProjectException e = assertThrows(ForeignProjectException.class, () -> directory.find(as(BOB, null), WEB));
        assertTrue(e.getMessage().contains("before devbox kept owners"), e.getMessage());
        assertEquals(WEB, directory.find(as(ADMIN, null), WEB).orElseThrow().name());
    }

    @Test
    void anAdminNamingAnOwnerGetsThatOwnersProjectElseOneFromBeforeOwners() {
        Project legacy = project(WEB, null);
        when(store.list()).thenReturn(List.of(legacy, project(BOBS_WEB, BOB), project(OwnerNamespace.key(WEB, ALICE),
                "arn:aws:iam::123456789012:user/zed")));
        assertEquals(BOBS_WEB, directory.find(as(ADMIN, "bob"), WEB).orElseThrow().name());
        assertEquals(BOBS_WEB, directory.find(as(ADMIN, BOB), WEB).orElseThrow().name());
        assertEquals(WEB, directory.find(as(ADMIN, "carol"), WEB).orElseThrow().name(),
                "carol has none: the one from before owners, for the admin to give to her");
        assertEquals(Optional.empty(), directory.find(as(ADMIN, "alice"), WEB).filter(p -> p.owner() != null),
                "a key with alice's suffix but zed's owner is not alice's");
        assertThrows(ForeignProjectException.class, () -> directory.find(as(BOB, "alice"), WEB), "bob is no admin");
    }
}
