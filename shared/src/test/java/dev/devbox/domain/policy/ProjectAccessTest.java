package dev.devbox.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectAccessTest {
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    private static final String BOB = "arn:aws:sts::111122223333:assumed-role/Dev/bob";
    private static final Caller AS_ALICE = new Caller(ALICE, false);
    private static final Caller AS_BOB = new Caller(BOB, false);
    private static final Caller AS_ADMIN = new Caller("arn:aws:iam::111122223333:user/carol", true);

    private static Project of(String owner) {
        return new Project(ProjectName.of("web"), ProjectState.READY, 1, Instant.EPOCH, owner, null, null, null,
                null, 0, 0, null, 0, false, null);
    }

    private static String refusal(Runnable r) {
        return assertThrows(ForeignProjectException.class, r::run).getMessage();
    }

    @Test
    void owners_act_on_their_own_projects() {
        Project web = of(ALICE);
        assertSame(web, new ProjectAccess(AS_ALICE, Optional.empty()).check(web));
        assertSame(web, new ProjectAccess(AS_ALICE, Optional.of("alice")).check(web), "naming yourself is fine");
        assertEquals(Optional.empty(), new ProjectAccess(AS_ALICE, Optional.of("alice")).actingFor());
    }

    @Test
    void another_developers_project_is_refused() {
        ProjectAccess bob = new ProjectAccess(AS_BOB, Optional.empty());
        assertFalse(bob.mine(of(ALICE)));
        assertEquals("Project 'web' belongs to another developer (alice): devbox acts only on your own projects,"
                + " so pick another name.", refusal(() -> bob.check(of(ALICE))));
    }

    @Test
    void only_admins_may_name_another_owner() {
        assertEquals("Only an admin of this stack can act for another developer ('--owner alice'): you are bob.",
                refusal(() -> new ProjectAccess(AS_BOB, Optional.of("alice"))));
        ProjectAccess admin = new ProjectAccess(AS_ADMIN, Optional.of("alice"));
        assertEquals(Optional.of("alice"), admin.actingFor());
        assertTrue(admin.mine(of(ALICE)));
        assertFalse(admin.mine(of(BOB)));
    }

    @Test
    void admins_name_the_owner_so_they_never_act_on_someone_elses_work_by_accident() {
        assertEquals("Project 'web' belongs to alice: as an admin, add '--owner alice' to act on it.",
                refusal(() -> new ProjectAccess(AS_ADMIN, Optional.empty()).check(of(ALICE))));
        assertEquals("Project 'web' belongs to bob, not alice: '--owner bob' acts on it.",
                refusal(() -> new ProjectAccess(AS_ADMIN, Optional.of("alice")).check(of(BOB))));
        assertEquals(of(ALICE), new ProjectAccess(AS_ADMIN, Optional.of(ALICE)).check(of(ALICE)), "the full ARN works too");
    }

    @Test
    void projects_from_before_owners_are_open_to_everyone() {
        assertFalse(new ProjectAccess(AS_BOB, Optional.empty()).mine(of(null)), "a project from before owners is an admin's");
        assertThrows(ForeignProjectException.class, () -> new ProjectAccess(AS_BOB, Optional.empty()).check(of(null)));
        assertTrue(new ProjectAccess(AS_ADMIN, Optional.empty()).mine(of(null)));
        assertTrue(new ProjectAccess(AS_ADMIN, Optional.of("alice")).mine(of(null)));
    }

    @Test
    void callers_are_admins_only_when_the_policy_says_so() {
        AdminPolicy policy = AdminPolicy.from(java.util.Map.of("AdminPrincipals", "carol"));
        assertTrue(Caller.of("carol", policy).admin());
        assertFalse(Caller.of("alice", policy).admin());
        assertThrows(IllegalArgumentException.class, () -> new Caller(" ", false));
        assertEquals("bob", AS_BOB.name());
    }

    @Test
    void aRoleSessionNamedAfterAnotherDeveloperIsNotThatDeveloper() {
        Project bobs = new Project(dev.devbox.domain.ProjectName.of("web"), dev.devbox.domain.ProjectState.READY, 1,
                java.time.Instant.EPOCH, "arn:aws:iam::111122223333:user/bob", null, null, null, null, 0, 0, null, 0,
                false, null);
        Caller mallory = new Caller("arn:aws:sts::111122223333:assumed-role/AnyRole/bob", false);
        for (Optional<String> flag : List.of(Optional.<String>empty(), Optional.of("bob"),
                Optional.of("arn:aws:sts::111122223333:assumed-role/AnyRole/bob"))) {
            ProjectAccess access = new ProjectAccess(mallory, flag);
            assertFalse(access.mine(bobs), flag.toString());
            assertThrows(ForeignProjectException.class, () -> access.check(bobs), flag.toString());
            assertTrue(access.actingFor().isEmpty(), "naming oneself is acting for oneself: " + flag);
        }
        assertThrows(ForeignProjectException.class,
                () -> new ProjectAccess(mallory, Optional.of("arn:aws:iam::111122223333:user/bob")));
    }
}
