package dev.devbox.cli.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPublicKeyTest {
    static final String ED = OpenSshKeys.newEd25519("me@laptop");
    static final String RSA = OpenSshKeys.newRsa(1024, "me@laptop");

    @TempDir
    Path home;

    @Test
    void prefers_ed25519_then_rsa() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa.pub"), RSA);
        assertEquals("ssh-rsa", LocalPublicKey.discover(home).orElseThrow().type());
        Files.writeString(home.resolve(".ssh/id_ed25519.pub"), ED + "\n");
        LocalPublicKey key = LocalPublicKey.discover(home).orElseThrow();
        assertEquals("ssh-ed25519", key.type());
        assertEquals(ED.substring(0, ED.lastIndexOf(' ')), key.material(), "comment dropped");
    }

    @Test
    void no_key_is_empty() {
        assertTrue(LocalPublicKey.discover(home).isEmpty());
    }

    @Test
    void key_pair_name_is_stable_and_depends_on_the_key() throws IOException {
        Path a = Files.writeString(home.resolve("a.pub"), ED);
        Path b = Files.writeString(home.resolve("b.pub"), RSA);
        String name = LocalPublicKey.read(a).keyPairName();
        assertTrue(name.matches("devbox-[0-9a-f]{16}"), name);
        assertEquals(name, LocalPublicKey.read(a).keyPairName());
        assertNotEquals(name, LocalPublicKey.read(b).keyPairName());
    }

    @Test
    void private_key_is_found_beside_the_public_one() throws IOException {
        Path pub = Files.writeString(home.resolve("id_ed25519.pub"), ED);
        assertTrue(LocalPublicKey.read(pub).privateKeyFile().isEmpty());
        Files.writeString(home.resolve("id_ed25519"), "private");
        assertEquals(home.resolve("id_ed25519"), LocalPublicKey.read(pub).privateKeyFile().orElseThrow());
    }

    @Test
    void other_key_types_are_refused_with_advice() throws IOException {
        Path ecdsa = Files.writeString(home.resolve("x.pub"), "ecdsa-sha2-nistp256 AAAAE2VjZHNh me");
        UsageException e = assertThrows(UsageException.class, () -> LocalPublicKey.read(ecdsa));
        assertTrue(e.getMessage().contains("--key"));
    }
}
