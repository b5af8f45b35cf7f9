package dev.devbox.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ControlSettingsTest {
    @Test
    void blanksMeanTheDefaultsAndSubnetsAreACommaList() {
        ControlSettings blank = new ControlSettings("sg-1", "lt-1", null, " ", "", null);
        assertEquals(List.of(), blank.subnetIds());
        assertNull(blank.ebsKmsKeyId(), "no key: the account's default EBS key");
        assertEquals(ControlSettings.UBUNTU_PARAMETER, blank.baseImageParameter());
        assertEquals(Duration.ofSeconds(1), blank.lookPause());
        ControlSettings set = new ControlSettings("sg-1", "lt-1", List.of("subnet-a"), "key", "/p", Duration.ZERO);
        assertEquals("key", set.ebsKmsKeyId());
        assertEquals("/p", set.baseImageParameter());
        assertEquals(Duration.ZERO, set.lookPause());
        assertEquals(List.of("subnet-a", "subnet-b"), ControlSettings.subnets(" subnet-a, ,subnet-b "));
        assertEquals(List.of(), ControlSettings.subnets(null));
        assertThrows(NullPointerException.class, () -> new ControlSettings(null, "lt-1", null, null, null, null));
    }
}
