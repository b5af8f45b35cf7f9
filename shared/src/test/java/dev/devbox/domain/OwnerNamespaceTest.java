package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys of an owner's project name, and the names owners see. */
class OwnerNamespaceTest {
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/Dev/bob";
    private static final ProjectName WEB = ProjectName.of("web");

    @Test
    void aKeyIsTheNameAndTwelveHexDigitsOfTheOwnersPrincipalsSha256() {
        assertTrue(OwnerNamespace.key(WEB, ALICE).value().matches("web--[0-9a-f]{12}"));
        assertEquals(OwnerNamespace.key(WEB, ALICE), OwnerNamespace.key(WEB, ALICE), "deterministic");
        assertNotEquals(OwnerNamespace.key(WEB, ALICE), OwnerNamespace.key(WEB, BOB));
        assertNotEquals(OwnerNamespace.key(WEB, BOB), OwnerNamespace.key(WEB, "arn:aws:iam::123456789012:user/bob"),
                "a role session called bob is not the user bob");
        assertEquals("2cf24dba5fb0", OwnerNamespace.suffix("hello"), "printf hello | sha256sum");
        String longest = "a234567890123456789012345678901234567890";
        assertEquals(54, OwnerNamespace.key(ProjectName.of(longest), ALICE).value().length(), "a valid key at 40 + 14");
    }

    @Test
    void anOwnerSeesTheNameTheyGaveAndAnyoneElsesSuffixStaysInTheKey() {
        ProjectName bobsWeb = OwnerNamespace.key(WEB, BOB);
        assertEquals("web", OwnerNamespace.displayName(bobsWeb, BOB));
        assertEquals(bobsWeb.value(), OwnerNamespace.displayName(bobsWeb, ALICE), "not alice's suffix");
        assertEquals(bobsWeb.value(), OwnerNamespace.displayName(bobsWeb, null), "a project from before owners");
        assertEquals("web", OwnerNamespace.displayName(WEB, ALICE), "a plain key from before names were per owner");
        ProjectName typed = OwnerNamespace.key(ProjectName.of(bobsWeb.value()), ALICE);
        assertEquals(bobsWeb.value(), OwnerNamespace.displayName(typed, ALICE),
                "alice may call a project what bob's key is: hers is still hers");
    }
}
