package dev.devbox.control;

import dev.devbox.domain.ProjectState;
import dev.devbox.pipeline.MappingCapture;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.ReadEc2;
import dev.devbox.port.ReadEc2.BoxFacts;
import dev.devbox.port.Tunnels;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devbox.control.ControlFixtures.OWNER;
import static dev.devbox.control.ControlFixtures.box;
import static dev.devbox.control.ControlFixtures.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The tunnel URL: only for the owner's own running box, to its private address, port 22, an hour at most. */
class BoxTunnelsTest {
    private final ControlEc2 ec2 = mock(ControlEc2.class);
    private final ReadEc2 reads = mock(ReadEc2.class);
    private final Tunnels tunnels = mock(Tunnels.class);
    private final OwnedBoxes boxes = new OwnedBoxes(ec2, mock(MappingCapture.class), ControlFixtures.SETTINGS,
            mock(SshRules.class), mock(dev.devbox.port.CycleStore.class), java.time.Clock.systemUTC(),
            ControlFixtures.quietLog());

    private BoxTunnels tunnelsOf(PrivateAccess access) {
        return new BoxTunnels(boxes, reads, tunnels, access);
    }

    private static final PrivateAccess ALLOWED = new PrivateAccess(PrivateAccess.Policy.ALLOWED, "eice-0123");

    @Test
    void theOwnersRunningBoxGetsAUrlToPort22OfItsPrivateAddress() {
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", OWNER)));
        when(reads.boxes(List.of("i-1"))).thenReturn(List.of(new BoxFacts("i-1", "running", null, "t3.small", null,
                null, "10.42.3.17", "k", null, "us-east-1a", false, Map.of())));
        when(tunnels.endpointDnsName("eice-0123")).thenReturn(Optional.of("eice-0123.x.amazonaws.com"));
        when(tunnels.presign(any())).thenReturn("wss://eice-0123.x.amazonaws.com/openTunnel?signed");

        Map<String, Object> reply = tunnelsOf(ALLOWED).open(project(ProjectState.RUNNING, OWNER));

        assertEquals("wss://eice-0123.x.amazonaws.com/openTunnel?signed", reply.get("url"));
        assertEquals(3600, reply.get("maxTunnelSeconds"));
        ArgumentCaptor<Tunnels.Target> target = ArgumentCaptor.forClass(Tunnels.Target.class);
        verify(tunnels).presign(target.capture());
        assertEquals(new Tunnels.Target("eice-0123", "eice-0123.x.amazonaws.com", "10.42.3.17", 22, 3600,
                Duration.ofSeconds(60)), target.getValue());
    }

    @Test
    void aBoxWhoseTagsNameAnotherOwnerGetsNoUrl() {
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", "arn:aws:iam::123456789012:user/bob")));
        ControlRefusal refused = assertThrows(ControlRefusal.class,
                () -> tunnelsOf(ALLOWED).open(project(ProjectState.RUNNING, OWNER)));
        assertEquals(ControlRefusal.Kind.CONFLICT, refused.kind());
        verifyNoInteractions(tunnels, reads);
    }

    @Test
    void noRunningBoxOrNoEndpointGetsNoUrl() {
        assertEquals(ControlRefusal.Kind.NOT_FOUND, assertThrows(ControlRefusal.class,
                () -> tunnelsOf(ALLOWED).open(project(ProjectState.READY, OWNER))).kind());
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("pending", OWNER)));
        assertTrue(assertThrows(ControlRefusal.class, () -> tunnelsOf(ALLOWED).open(project(ProjectState.RUNNING,
                OWNER))).getMessage().contains("is pending, not running"));
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", OWNER)));
        ControlRefusal none = assertThrows(ControlRefusal.class,
                () -> tunnelsOf(PrivateAccess.none()).open(project(ProjectState.RUNNING, OWNER)));
        assertTrue(none.getMessage().contains("no EC2 Instance Connect Endpoint"), none.getMessage());
        verifyNoInteractions(tunnels);
    }

    @Test
    void anEndpointNotReadyIsSaid() {
        when(ec2.instances(List.of("i-1"))).thenReturn(List.of(box("running", OWNER)));
        when(reads.boxes(List.of("i-1"))).thenReturn(List.of(new BoxFacts("i-1", "running", null, "t3.small", null,
                null, "10.42.3.17", "k", null, "us-east-1a", false, Map.of())));
        when(tunnels.endpointDnsName("eice-0123")).thenReturn(Optional.empty());
        ControlRefusal refused = assertThrows(ControlRefusal.class,
                () -> tunnelsOf(ALLOWED).open(project(ProjectState.RUNNING, OWNER)));
        assertTrue(refused.getMessage().contains("eice-0123 is not ready"), refused.getMessage());
    }
}
