package dev.devbox.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrincipalsTest {
    @Test
    void names_are_the_user_or_the_session() {
        assertEquals("alice", Principals.name("arn:aws:iam::111122223333:user/alice"));
        assertEquals("alice", Principals.name("arn:aws:iam::111122223333:user/team/web/alice"));
        assertEquals("bob@example.com",
                Principals.name("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Dev_0123/bob@example.com"));
        assertEquals("bob", Principals.name("bob"), "local mode: the access key id is the name");
        assertEquals("root", Principals.name("arn:aws:iam::111122223333:root"));
    }

    @Test
    void arn_patterns_use_iam_wildcards() {
        assertTrue(Principals.matches("arn:aws:iam::*:user/a?ice", "arn:aws:iam::111122223333:user/alice"));
        assertFalse(Principals.matches("arn:aws:iam::*:user/a?ice", "arn:aws:iam::111122223333:user/aalice"));
        assertFalse(Principals.matches("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice2"));
        assertFalse(Principals.matches("arn:aws:iam::1.:user/x", "arn:aws:iam::12:user/x"), "a dot is not a wildcard");
        assertTrue(Principals.matches("alice", "alice"));
        assertFalse(Principals.matches("alic", "alice"));
        // A plain name is never an ARN's last part: anyone who may name a role session could take it.
        assertFalse(Principals.matches("carol", "arn:aws:sts::111122223333:assumed-role/AnyRole/carol"));
        assertFalse(Principals.matches("carol", "arn:aws:iam::111122223333:user/carol"));
    }
}
