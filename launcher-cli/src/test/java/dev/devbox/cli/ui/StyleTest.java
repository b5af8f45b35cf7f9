package dev.devbox.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StyleTest {
    @Test
    void colour_only_on_a_terminal() {
        assertTrue(Style.of(true, null, "xterm-256color", false).enabled());
        assertFalse(Style.of(false, null, "xterm-256color", false).enabled());
    }

    @Test
    void no_color_with_any_value_turns_it_off() {
        assertFalse(Style.of(true, "1", "xterm", false).enabled());
        assertFalse(Style.of(true, "false", "xterm", false).enabled(), "no-color.org: any non-empty value");
        assertTrue(Style.of(true, "", "xterm", false).enabled(), "an empty NO_COLOR is unset");
    }

    @Test
    void dumb_terminals_and_the_flag_turn_it_off() {
        assertFalse(Style.of(true, null, "dumb", false).enabled());
        assertFalse(Style.of(true, null, "xterm", true).enabled());
    }

    @Test
    void disabled_style_returns_text_unchanged() {
        assertEquals("READY", Style.plain().state("READY"));
        assertEquals("\u001b[32mREADY\u001b[0m", Style.of(true, null, "xterm", false).state("READY"));
    }
}
