package dev.devbox.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdminPolicyTest {
    @Test
    void the_default_types_are_general_purpose_and_compute_families_without_gpu_or_metal() {
        AdminPolicy p = AdminPolicy.defaults();
        for (String ok : List.of("t3.small", "t4g.medium", "m7g.large", "c7i.2xlarge", "m5.24xlarge")) {
            assertTrue(p.allowsInstanceType(ok), ok);
        }
        for (String no : List.of("p5.48xlarge", "g5.xlarge", "m7g.metal", "c7i.metal-48xl", "x2iedn.32xlarge",
                "t3", "t3a", "xt3.small")) {
            assertFalse(p.allowsInstanceType(no), no);
        }
    }

    @Test
    void exclusions_win_over_inclusions() {
        AdminPolicy p = AdminPolicy.from(Map.of("AllowedInstanceTypes", "*,!g*,!p*"));
        assertTrue(p.allowsInstanceType("r7g.large"));
        assertFalse(p.allowsInstanceType("g5.xlarge"));
        assertFalse(p.allowsInstanceType("p4d.24xlarge"));
    }

    @Test
    void settings_round_trip_and_missing_ones_keep_their_defaults() {
        AdminPolicy p = AdminPolicy.from(Map.of("MaxRunningBoxesPerOwner", "1", "AllowedSshCidrs", "10.0.0.0/8, 2001:db8::/32",
                "AdminPrincipals", "arn:aws:iam::*:role/Admin,carol"));
        assertEquals(1, p.maxRunningBoxesPerOwner());
        assertEquals(500, p.maxVolumeGiB());
        assertEquals(AdminPolicy.DEFAULT_INSTANCE_TYPES, p.allowedInstanceTypes());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")), p.allowedSshCidrs());
        assertEquals(p, AdminPolicy.from(p.settings()));
        assertEquals(AdminPolicy.defaults(), AdminPolicy.from(Map.of("MaxVolumeGiB", " ", "AllowedInstanceTypes", ",")));
    }

    @Test
    void invalid_settings_name_the_setting() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("MaxRunningBoxesPerOwner", "0"), "MaxRunningBoxesPerOwner must be 1 or more",
                Map.of("MaxRunningBoxesPerOwner", "three"), "MaxRunningBoxesPerOwner must be a whole number",
                Map.of("MaxVolumeGiB", "7"), "MaxVolumeGiB must be 8 to 16384",
                Map.of("MaxVolumeGiB", "16385"), "MaxVolumeGiB must be 8 to 16384",
                Map.of("AllowedSshCidrs", "0.0.0.0/0"), "never opens SSH to the whole internet",
                Map.of("AllowedSshCidrs", "::/0"), "never opens SSH to the whole internet",
                Map.of("AllowedSshCidrs", "10.1.0.0/8"), "AllowedSshCidrs: '10.1.0.0/8' has host bits set",
                Map.of("AllowedInstanceTypes", "!*"), "allows no instance type");
        cases.forEach((settings, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdminPolicy.from(settings));
            assertTrue(e.getMessage().contains(message), e.getMessage() + " should say " + message);
        });
        assertEquals(8, AdminPolicy.from(Map.of("MaxVolumeGiB", "8")).maxVolumeGiB());
        assertEquals(16384, AdminPolicy.from(Map.of("MaxVolumeGiB", "16384")).maxVolumeGiB());
    }

    @Test
    void admins_are_matched_by_arn_pattern_or_exact_local_name() {
        AdminPolicy p = AdminPolicy.from(Map.of("AdminPrincipals", "arn:aws:sts::111122223333:assumed-role/Admin/*,carol"));
        assertTrue(p.isAdmin("arn:aws:sts::111122223333:assumed-role/Admin/dana@example.com"));
        assertFalse(p.isAdmin("arn:aws:sts::111122223333:assumed-role/Developer/dana@example.com"));
        assertFalse(p.isAdmin("arn:aws:sts::999922223333:assumed-role/Admin/dana"));
        assertTrue(p.isAdmin("carol"));
        // A plain name is local mode's access key id, never the last part of an ARN: a role session
        // (or a user) called carol in any account is not the admin carol.
        assertFalse(p.isAdmin("arn:aws:iam::111122223333:user/carol"));
        assertFalse(p.isAdmin("arn:aws:sts::111122223333:assumed-role/Developer/carol"));
        assertFalse(p.isAdmin("alice"));
        assertFalse(AdminPolicy.defaults().isAdmin("carol"), "nobody is an admin by default");
    }

    /** template.yaml's defaults must be the ones the code assumes when a setting is missing. */
    @Test
    void the_templates_defaults_are_these_defaults() throws Exception {
        String template = Files.readString(Path.of("..", "template.yaml"));
        assertEquals(String.join(",", AdminPolicy.DEFAULT_INSTANCE_TYPES), parameterDefault(template, "AllowedInstanceTypes"));
        assertEquals("3", parameterDefault(template, "MaxRunningBoxesPerOwner"));
        assertEquals("500", parameterDefault(template, "MaxVolumeGiB"));
        assertEquals("", parameterDefault(template, "AllowedSshCidrs"));
        assertEquals("", parameterDefault(template, "AdminPrincipals"));
    }

    private static String parameterDefault(String template, String name) {
        Matcher m = Pattern.compile("\n  " + name + ":\n(?:    .*\n)*?    Default: \"?([^\"\n]*)\"?\n").matcher(template);
        assertTrue(m.find(), "template.yaml has parameter " + name + " with a Default");
        return m.group(1);
    }

    @Test
    void allowed_image_owners_are_account_ids_none_by_default() {
        assertEquals(List.of(), AdminPolicy.defaults().allowedImageOwners());
        AdminPolicy p = AdminPolicy.from(Map.of(AdminPolicy.ALLOWED_IMAGE_OWNERS, " 898082745236, 111122223333 "));
        assertEquals(List.of("898082745236", "111122223333"), p.allowedImageOwners());
        assertEquals(p, AdminPolicy.from(p.settings()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminPolicy.from(Map.of(AdminPolicy.ALLOWED_IMAGE_OWNERS, "amazon")));
        assertTrue(e.getMessage().startsWith("AllowedImageOwners takes 12-digit AWS account ids, got 'amazon'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AdminPolicy.from(Map.of(AdminPolicy.ALLOWED_IMAGE_OWNERS, "12345678901")));
    }
}
