package dev.devbox.control;

import dev.devbox.control.launch.BoxLaunches;
import dev.devbox.control.launch.LaunchAsk;
import dev.devbox.control.read.ProjectReads;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.PolicyRefusedException;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;

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
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Who a request is for, and which service does it; the services themselves are mocks here. */
class ControlServiceTest {
    private static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    private final ProjectStore projects = mock(ProjectStore.class);
    private final OwnedBoxes boxes = mock(OwnedBoxes.class);
    private final ProjectRemover remover = mock(ProjectRemover.class);
    private final SshRules ssh = mock(SshRules.class);
    private final BoxLaunches launches = mock(BoxLaunches.class);
    private final ProjectReads reads = mock(ProjectReads.class);
    private final BoxTunnels tunnels = mock(BoxTunnels.class);
    private final AdminPolicy policy = AdminPolicy.from(Map.of(AdminPolicy.ADMIN_PRINCIPALS, ADMIN,
            AdminPolicy.ALLOWED_SSH_CIDRS, "203.0.113.0/24"));
    private final ControlService service = new ControlService(projects, new ProjectDirectory(projects), boxes, remover,
            new SshOpener(new ProjectDirectory(projects), ssh, policy), launches, reads, policy, ControlFixtures.SETTINGS,
            tunnels);

    private static ControlRequest request(String action, String owner, String cidr) {
        return new ControlRequest(action, "web", owner, cidr);
    }

    @Test
    void theOwnersRequestReachesItsServiceWithTheirProject() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.RUNNING, OWNER)));
        when(boxes.terminate(any())).thenReturn(new OwnedBoxes.Terminated("i-1", List.of("198.51.100.7/32")));
        Map<String, Object> reply = service.perform(OWNER, null, request("terminate", null, null));
        assertEquals(Map.of("project", "web", "instanceId", "i-1", "closedSsh", List.of("198.51.100.7/32")), reply);
        when(boxes.captureMapping(any())).thenReturn(true);
        assertEquals(true, service.perform(OWNER, null, request("capture", null, null)).get("recorded"));
    }

    @Test
    void anotherDevelopersProjectIsNotFoundForThemAndNoServiceRuns() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.READY, OWNER)));
        for (String action : ControlService.ACTIONS) {
            if (List.of("launch", "list", "ssh").contains(action)) {
                continue; // bob's own (new) web: BoxLaunchesTest, LaunchClaimsTest; a list shows only his own
            }
            ControlRefusal refused = assertThrows(ControlRefusal.class,
                    () -> service.perform("arn:aws:iam::123456789012:user/bob", "198.51.100.9", request(action, null, null)),
                    action);
            assertEquals(ControlRefusal.Kind.NOT_FOUND, refused.kind(), action + ": " + refused.getMessage());
            assertTrue(refused.getMessage().contains("No project 'web'"), refused.getMessage());
        }
        assertThrows(ForeignProjectException.class, () -> service.perform("arn:aws:iam::123456789012:user/bob", null,
                request("delete", "alice", null)), "--owner without being an admin");
        verifyNoInteractions(boxes, remover, ssh, launches, reads, tunnels);
    }

    @Test
    void theOwnersTunnelReachesBoxTunnelsWithTheirProject() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.RUNNING, OWNER)));
        when(tunnels.open(any())).thenReturn(Map.of("url", "wss://eice/openTunnel?signed"));
        assertEquals("wss://eice/openTunnel?signed", service.perform(OWNER, null, request("tunnel", null, null))
                .get("url"));
    }

    @Test
    void anAdminActsOnlyByNamingTheOwner() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.READY, OWNER)));
        when(projects.list()).thenReturn(List.of(project(ProjectState.READY, OWNER)));
        when(remover.remove(any())).thenReturn(new Removal("web", List.of("ami-1"), List.of(), List.of(), List.of()));
        assertEquals(ControlRefusal.Kind.NOT_FOUND, assertThrows(ControlRefusal.class,
                () -> service.perform(ADMIN, null, request("delete", null, null))).kind(), "the admin has no web of their own");
        verifyNoInteractions(remover);
        assertEquals(List.of("ami-1"), service.perform(ADMIN, null, request("delete", "alice", null)).get("images"));
    }

    @Test
    void unknownActionsMissingOrInvalidNamesAndUnknownProjectsAreBadRequestsOrNotFound() {
        ControlRefusal unknown = assertThrows(ControlRefusal.class, () -> service.perform(OWNER, null,
                request("reboot", null, null)));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, unknown.kind());
        assertTrue(unknown.getMessage().contains("launch, terminate, delete, ssh, capture"),
                unknown.getMessage());
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> service.perform(OWNER,
                null, new ControlRequest(null, "web", null, null))).kind());
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> service.perform(OWNER,
                null, new ControlRequest("terminate", null, null, null))).kind());
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> service.perform(OWNER,
                null, new ControlRequest("terminate", "Web Site", null, null))).kind());
        when(projects.find(WEB)).thenReturn(Optional.empty());
        ControlRefusal none = assertThrows(ControlRefusal.class, () -> service.perform(OWNER, null,
                request("terminate", null, null)));
        assertEquals(ControlRefusal.Kind.NOT_FOUND, none.kind());
        assertTrue(none.getMessage().contains("stack 'dev'"), none.getMessage());
    }

    @Test
    void portTwentyTwoOpensToTheCallersAddressOrAnAllowedRangeForTheirOwnOrANewProject() {
        when(projects.find(WEB)).thenReturn(Optional.empty());
        when(ssh.removeStale(anyString())).thenReturn(List.of());
        assertEquals("198.51.100.7/32", service.perform(OWNER, "198.51.100.7", request("ssh", null, null)).get("cidr"));
        verify(ssh).open("web", "198.51.100.7/32");
        assertEquals("203.0.113.0/26", service.perform(OWNER, "198.51.100.7", request("ssh", null, "203.0.113.0/26"))
                .get("cidr"));
        assertThrows(PolicyRefusedException.class, () -> service.perform(OWNER, "198.51.100.7",
                request("ssh", null, "198.51.100.0/24")));
        assertThrows(PolicyRefusedException.class, () -> service.perform(OWNER, "198.51.100.7",
                request("ssh", null, "0.0.0.0/0")));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> service.perform(OWNER,
                "198.51.100.7", request("ssh", null, "nope"))).kind());
        ControlRefusal forOther = assertThrows(ControlRefusal.class, () -> service.perform(ADMIN, "198.51.100.7",
                request("ssh", "alice", null)));
        assertTrue(forOther.getMessage().contains("--owner"), forOther.getMessage());
        verify(ssh, never()).open("web", "198.51.100.0/24");
    }

    @Test
    void aLaunchGoesToTheLaunchesWithTheCallersAccessTheRangeTheAddressAndTheAsks() {
        LaunchAsk ask = new LaunchAsk("t3.small", 30, 60, false, false, null, null, "mine", null, null);
        when(launches.launch(any(), eq(WEB), eq("203.0.113.0/26"), eq("198.51.100.7"), eq(ask)))
                .thenReturn(Map.of("instanceId", "i-9"));
        assertEquals("i-9", service.perform(OWNER, "198.51.100.7", new ControlRequest("launch", "web", null,
                "203.0.113.0/26", ask)).get("instanceId"));
        verify(launches).launch(org.mockito.ArgumentMatchers.argThat(a -> a.caller().principal().equals(OWNER)
                && a.actingFor().isEmpty()), eq(WEB), eq("203.0.113.0/26"), eq("198.51.100.7"), eq(ask));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> service.perform(OWNER,
                null, new ControlRequest("launch", "Web Site", null, null, ask))).kind());
        verifyNoInteractions(boxes, remover, ssh);
    }

    @Test
    void withoutAnAddressOrARangeNothingIsOpenedButStaleRulesStillClose() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.RUNNING, OWNER)));
        when(ssh.removeStale(null)).thenReturn(List.of("192.0.2.1/32"));
        assertEquals(null, service.perform(OWNER, "", request("ssh", null, "")).get("cidr"), "blank is none");
        Map<String, Object> reply = service.perform(OWNER, null, request("ssh", null, null));
        assertEquals(null, reply.get("cidr"));
        assertEquals(List.of("192.0.2.1/32"), reply.get("closedSsh"));
        verify(ssh, never()).open(anyString(), anyString());
    }

    private static dev.devbox.domain.Project named(String name, String owner) {
        dev.devbox.domain.Project p = project(ProjectState.READY, owner);
        return new dev.devbox.domain.Project(dev.devbox.domain.ProjectName.of(name), p.state(), p.generation(),
                p.stateSince(), owner, null, p.imageId(), p.imageGeneration(), null, 0, 0, null, 0, false, null);
    }

    @SuppressWarnings("unchecked")
    private List<String> listed(String caller, String owner, Boolean all) {
        org.mockito.ArgumentCaptor<List<dev.devbox.domain.Project>> shown = org.mockito.ArgumentCaptor.forClass(List.class);
        org.mockito.Mockito.reset(reads);
        service.perform(caller, null, new ControlRequest("list", null, owner, null, null, all));
        verify(reads).list(shown.capture());
        return shown.getValue().stream().map(p -> p.name().value()).toList();
    }

    @Test
    void aListShowsTheCallersOwnProjectsOnlyAndEveryonesOnlyToAnAdminWhoAsks() {
        String bob = "arn:aws:iam::123456789012:user/bob";
        when(projects.list()).thenReturn(List.of(named("web", bob), named("api", OWNER), named("old", null),
                named("db", OWNER)));
        assertEquals(List.of("api", "db"), listed(OWNER, null, null), "alice's own, by name");
        assertEquals(List.of("web"), listed(bob, null, false));
        assertEquals(List.of("old"), listed(ADMIN, null, null), "an owner-less project is an admin's alone");
        assertEquals(List.of("api", "db"), listed(ADMIN, "alice", null), "an admin naming alice sees hers");
        assertEquals(List.of("api", "db", "old", "web"), listed(ADMIN, null, true));
        org.mockito.Mockito.reset(reads);
        ForeignProjectException e = assertThrows(ForeignProjectException.class,
                () -> service.perform(bob, null, new ControlRequest("list", null, null, null, null, true)));
        assertTrue(e.getMessage().contains("Only an admin"), e.getMessage());
        assertThrows(ForeignProjectException.class,
                () -> service.perform(bob, null, new ControlRequest("list", null, "alice", null, null, null)));
        verifyNoInteractions(reads);
    }

    @Test
    void theReadsGetTheCallersOwnProjectAndChangeNothing() {
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.RUNNING, OWNER)));
        when(reads.look(any())).thenReturn(Map.of("look", 1));
        when(reads.status(any())).thenReturn(Map.of("status", 1));
        when(reads.history(any())).thenReturn(Map.of("history", 1));
        for (String action : List.of("project", "status", "history")) {
            assertEquals(Map.of(action.equals("project") ? "look" : action, 1),
                    service.perform(OWNER, null, request(action, null, null)), action);
        }
        verifyNoInteractions(boxes, remover, ssh, launches);
        verify(projects, never()).list();
    }
}
