package dev.devbox.domain.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchAdmissionTest {
    private final LaunchAdmission defaults = new LaunchAdmission(AdminPolicy.defaults());
    private final LaunchAdmission office = new LaunchAdmission(AdminPolicy.from(Map.of(
            "AllowedSshCidrs", "10.20.0.0/16", "MaxRunningBoxesPerOwner", "2", "MaxVolumeGiB", "100")));
    private static final Optional<Cidr> ME = Optional.of(Cidr.parse("198.51.100.7/32"));
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

    private static String refusal(Runnable r) {
        return assertThrows(PolicyRefusedException.class, r::run).getMessage();
    }

    @Test
    void instance_types_outside_the_patterns_are_refused_with_the_patterns() {
        assertDoesNotThrow(() -> defaults.instanceType("t3.small"));
        String m = refusal(() -> defaults.instanceType("p5.48xlarge"));
        assertTrue(m.startsWith("Instance type p5.48xlarge is not allowed"), m);
        assertTrue(m.contains("t3.*, t3a.*"), m);
    }

    @Test
    void every_volume_is_held_to_the_maximum() {
        assertDoesNotThrow(() -> office.volumes(List.of(100, 100)));
        String m = refusal(() -> office.volumes(List.of(20, 101)));
        assertEquals("A 101 GiB volume is more than this stack allows (MaxVolumeGiB 100): ask for 100 GiB or less.", m);
    }

    @Test
    void the_running_box_quota_counts_the_callers_boxes() {
        assertDoesNotThrow(() -> office.runningBoxes(ALICE, List.of("web")));
        String m = refusal(() -> office.runningBoxes(ALICE, List.of("web", "api")));
        assertEquals("alice already has 2 box(es) running (web, api), the most this stack allows"
                + " (MaxRunningBoxesPerOwner 2): terminate one first.", m);
    }

    @Test
    void without_a_range_ssh_opens_to_the_callers_own_address() {
        assertEquals(ME, defaults.sshRange(Optional.empty(), ME));
        assertEquals(Optional.empty(), defaults.sshRange(Optional.empty(), Optional.empty()));
    }

    @Test
    void the_whole_internet_is_never_allowed_even_when_the_admin_lists_wide_ranges() {
        LaunchAdmission wide = new LaunchAdmission(AdminPolicy.from(Map.of("AllowedSshCidrs", "0.0.0.0/1,128.0.0.0/1")));
        for (String all : List.of("0.0.0.0/0", "::/0")) {
            assertTrue(refusal(() -> wide.sshRange(Optional.of(Cidr.parse(all)), ME)).contains("the whole internet"), all);
        }
    }

    @Test
    void a_single_address_must_be_the_callers_own_unless_allowed() {
        assertEquals(ME, defaults.sshRange(ME, ME));
        Optional<Cidr> other = Optional.of(Cidr.parse("203.0.113.9/32"));
        String m = refusal(() -> defaults.sshRange(other, ME));
        assertEquals("SSH may not be opened to 203.0.113.9/32 in this stack: only to your own address"
                + " (198.51.100.7/32) or within AllowedSshCidrs (none).", m);
        assertEquals(other, defaults.sshRange(other, Optional.empty()), "own address unknown here: a host is accepted");
    }

    @Test
    void wider_ranges_only_within_the_allowed_ones() {
        Optional<Cidr> team = Optional.of(Cidr.parse("10.20.4.0/24"));
        assertEquals(team, office.sshRange(team, ME));
        Optional<Cidr> vpn = Optional.of(Cidr.parse("10.21.0.0/24"));
        assertTrue(refusal(() -> office.sshRange(vpn, ME)).contains("within AllowedSshCidrs (10.20.0.0/16)"));
        assertTrue(refusal(() -> defaults.sshRange(Optional.of(Cidr.parse("198.51.100.0/24")), Optional.empty()))
                .contains("may not be opened to 198.51.100.0/24"), "a range is not a host, known address or not");
    }
}
