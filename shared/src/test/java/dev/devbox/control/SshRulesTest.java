package dev.devbox.control;

import dev.devbox.port.ControlEc2;
import dev.devbox.port.ControlEc2.SshRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class SshRulesTest {
    private final ControlEc2 ec2 = mock(ControlEc2.class);
    private final SshRules rules = new SshRules(ec2, ControlFixtures.SETTINGS, ControlFixtures.CONTROL);

    @Test
    void opensARuleNamedForTheProject() {
        rules.open("web", "198.51.100.7/32");
        verify(ec2).authorizeSsh("sg-0boxes", "198.51.100.7/32", "devbox web");
    }

    @Test
    void closesOnlyDevboxRulesThatNoLiveBoxAndNotThisLaunchNeeds() {
        when(ec2.sshRules("sg-0boxes")).thenReturn(List.of(
                new SshRule("198.51.100.1/32", "devbox web"),
                new SshRule("198.51.100.2/32", "devbox api"),
                new SshRule("198.51.100.3/32", "devbox new"),
                new SshRule("2001:db8::9/128", "devbox web"),
                new SshRule("203.0.113.0/24", "office VPN"),
                new SshRule("192.0.2.1/32", null)));
        when(ec2.liveBoxTags("dev")).thenReturn(List.of(Map.of("devbox:ssh-cidr", "198.51.100.2/32")));
        assertEquals(List.of("198.51.100.1/32", "2001:db8::9/128"), rules.removeStale("198.51.100.3/32"));
        verify(ec2).revokeSsh("sg-0boxes", "198.51.100.1/32");
        verify(ec2).revokeSsh("sg-0boxes", "2001:db8::9/128");
        verify(ec2, never()).revokeSsh("sg-0boxes", "203.0.113.0/24");
        verify(ec2, never()).revokeSsh("sg-0boxes", "192.0.2.1/32");
    }

    @Test
    void aLiveBoxFromBeforeTheTagKeepsTheOldStyleRulesOnly() {
        when(ec2.sshRules("sg-0boxes")).thenReturn(List.of(
                new SshRule("198.51.100.1/32", "devbox ssh alice"),
                new SshRule("198.51.100.2/32", "devbox web")));
        when(ec2.liveBoxTags("dev")).thenReturn(List.of(Map.of("devbox:stack", "dev")));
        assertEquals(List.of("198.51.100.2/32"), rules.removeStale(null));
        when(ec2.liveBoxTags("dev")).thenReturn(List.of());
        assertEquals(List.of("198.51.100.1/32", "198.51.100.2/32"), rules.removeStale(null));
    }

    @Test
    void withoutDevboxRulesNoBoxIsAskedAbout() {
        when(ec2.sshRules("sg-0boxes")).thenReturn(List.of(new SshRule("203.0.113.0/24", "office")));
        assertEquals(List.of(), rules.removeStale(null));
        verify(ec2, never()).liveBoxTags(anyString());
    }
}
