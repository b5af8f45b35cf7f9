package dev.devbox.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.error.UsageException;
import dev.devbox.domain.SessionEnding;
import java.time.Instant;
import java.util.Optional;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BoxUserDataTest {
    @Test
    void renders_every_placeholder_and_fits_ec2_once_gzipped() {
        String script = BoxUserData.render(60);
        assertFalse(script.matches("(?s).*@[A-Z_]+@.*"), "placeholder left");
        assertTrue(script.contains("idle_minutes='60'") && script.contains("warn_minutes='10'"));
        String encoded = BoxUserData.encoded(60);
        assertTrue(Base64.getDecoder().decode(encoded).length < BoxUserData.EC2_LIMIT_BYTES);
        assertEquals(script, BoxUserData.decode(encoded));
    }

    @Test
    void a_short_limit_warns_before_its_deadline_and_zero_turns_it_off() {
        assertTrue(BoxUserData.render(5).contains("warn_minutes='4'"));
        assertTrue(BoxUserData.render(1).contains("warn_minutes='0'"));
        assertTrue(BoxUserData.render(0).contains("idle_minutes='0'"));
    }

    @Test
    void limits_outside_zero_to_a_week_are_bad_usage() {
        assertThrows(UsageException.class, () -> BoxUserData.render(-1));
        assertThrows(UsageException.class, () -> BoxUserData.render(BoxUserData.MAX_IDLE_MINUTES + 1));
    }

    @Test
    void the_embedded_script_is_the_resource_byte_for_byte() throws Exception {
        String script;
        try (var in = BoxUserData.class.getResourceAsStream("/dev/devbox/cli/box/devbox-idle.sh")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(BoxUserData.render(60).contains(script), "the heredoc holds the whole script");
    }

    @Test
    void the_previous_boxs_ending_is_rendered_into_the_login_message_step_and_is_empty_for_a_new_project() {
        SessionEnding ended = new SessionEnding(6, SessionEnding.Cause.CLI, Instant.parse("2026-12-07T10:14:55Z"));
        assertTrue(BoxUserData.render(60, Optional.of(ended))
                .contains("devbox-last-session\" prepare 'cli 6 2026-12-07T10:14:55Z' ||"));
        assertTrue(BoxUserData.render(60).contains("devbox-last-session\" prepare '' ||"));
        assertEquals(BoxUserData.render(60, Optional.of(ended)),
                BoxUserData.decode(BoxUserData.encoded(60, Optional.of(ended))));
    }
}
