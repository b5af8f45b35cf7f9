package dev.devbox.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parses_ipv4_and_ipv6_ranges_and_prints_them_as_ec2_does() {
        assertEquals("203.0.113.0/24", Cidr.parse("203.0.113.0/24").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8::/32").toString());
        assertEquals("2001:db8::1/128", Cidr.parse("2001:DB8:0:0:0:0:0:1/128").toString());
        assertEquals("::1/128", Cidr.parse("::1").toString());
        assertEquals("198.51.100.7/32", Cidr.parse("198.51.100.7").toString());
        assertEquals("1:0:2::/48", Cidr.parse("1:0:2::/48").toString());
    }

    @Test
    void single_hosts_are_slash_32_and_slash_128() {
        assertTrue(Cidr.parse("198.51.100.7/32").singleHost());
        assertTrue(Cidr.host("2001:db8::1").singleHost());
        assertFalse(Cidr.parse("198.51.100.0/31").singleHost());
        assertTrue(Cidr.parse("2001:db8::/32").ipv6());
        assertFalse(Cidr.parse("10.0.0.0/8").ipv6());
    }

    @Test
    void containment_is_by_prefix_and_family() {
        Cidr office = Cidr.parse("10.20.0.0/16");
        assertTrue(office.contains(Cidr.parse("10.20.3.4/32")));
        assertTrue(office.contains(office));
        assertFalse(office.contains(Cidr.parse("10.21.0.0/24")));
        assertFalse(office.contains(Cidr.parse("10.0.0.0/8")), "a wider range is not inside a narrower one");
        assertFalse(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("::1/128")), "families never mix");
        assertTrue(Cidr.parse("10.20.128.0/17").contains(Cidr.parse("10.20.200.1/32")));
        assertFalse(Cidr.parse("10.20.128.0/17").contains(Cidr.parse("10.20.100.1/32")));
    }

    @Test
    void malformed_ranges_say_what_is_wrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1.2.3/8")).getMessage()
                .contains("did you mean 10.0.0.0/8?"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage()
                .contains("0 to 32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::/129")).getMessage()
                .contains("0 to 128"));
        for (String bad : new String[] {"", "example.com/32", "10.0.0.0/x", "10.0.0/24", "300.1.1.1/32", "10.0.0.0/-1"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void equal_ranges_are_equal() {
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/8"));
        assertEquals(Cidr.parse("10.0.0.0/8").hashCode(), Cidr.parse("10.0.0.0/8").hashCode());
        assertFalse(Cidr.parse("10.0.0.0/8").equals(Cidr.parse("10.0.0.0/9")));
    }
}
