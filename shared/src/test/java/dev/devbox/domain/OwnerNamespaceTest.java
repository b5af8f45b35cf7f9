package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys of a second owner's project name, and the names owners see. */
class OwnerNamespaceTest {
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/Dev/bob";
    private static final ProjectName WEB = ProjectName.of("web");

    @Test
    void aSecondOwnersKeyIsTheNameAndEightHexDigitsOfTheirPrincipalsSha256() {
        assertEquals("web--" + OwnerNamespace.suffix(ALICE), OwnerNamespace.key(WEB, ALICE).value());
        assertTrue(OwnerNamespace.key(WEB, ALICE).value().matches("web--[0-9a-f]{8}"));
        assertEquals(OwnerNamespace.key(WEB, ALICE), OwnerNamespace.key(WEB, ALICE), "deterministic");
        assertNotEquals(OwnerNamespace.key(WEB, ALICE), OwnerNamespace.key(WEB, BOB));
        assertNotEquals(OwnerNamespace.key(WEB, BOB), OwnerNamespace.key(WEB, "arn:aws:iam::123456789012:user/bob"),
                "a role session called bob is not the user bob");
    }

    @Test
    void theSuffixIsTheFirstFourBytesOfTheSha256InHex() {
        assertEquals("2cf24dba", OwnerNamespace.suffix("hello"));
    }

    @Test
    void anOwnerSeesTheNameTheyGaveAndAnyoneElsesSuffixStaysInTheKey() {
        ProjectName bobsWeb = OwnerNamespace.key(WEB, BOB);
        assertEquals("web", OwnerNamespace.displayName(bobsWeb, BOB));
        assertEquals(bobsWeb.value(), OwnerNamespace.displayName(bobsWeb, ALICE), "not alice's suffix");
        assertEquals(bobsWeb.value(), OwnerNamespace.displayName(bobsWeb, null), "a project from before owners");
        assertEquals("web", OwnerNamespace.displayName(WEB, ALICE));
        assertEquals("my-web--x", OwnerNamespace.displayName(ProjectName.of("my-web--x"), ALICE));
    }

    @Test
    void theSuffixedFormIsReservedAndEveryOtherNameIsNot() {
        assertTrue(OwnerNamespace.reserved("web--0123abcd"));
        assertTrue(OwnerNamespace.reserved(OwnerNamespace.key(WEB, BOB).value()));
        assertFalse(OwnerNamespace.reserved("web"));
        assertFalse(OwnerNamespace.reserved("web--prod"));
        assertFalse(OwnerNamespace.reserved("web--0123abc"));
        assertFalse(OwnerNamespace.reserved("web-0123abcd"));
        assertFalse(OwnerNamespace.reserved(null));
    }
}
