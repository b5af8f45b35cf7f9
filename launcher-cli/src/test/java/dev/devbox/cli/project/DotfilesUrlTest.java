package dev.devbox.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.error.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotfilesUrlTest {
    @Test
    void https_and_ssh_git_urls_pass_unchanged() {
        for (String url : List.of("https://github.com/you/dotfiles.git", "https://github.com/you/dotfiles",
                "https://git.example.com:8443/team/me/dots.git", "git@github.com:you/dotfiles.git",
                "git@gitlab.example.org:group/sub/dots", "ssh://git@github.com/you/dotfiles.git",
                "ssh://git@git.example.com:2222/you/dots.git")) {
            assertEquals(url, DotfilesUrl.validate(url));
        }
    }

    @Test
    void anything_the_shell_or_git_could_read_as_more_than_a_url_is_refused() {
        for (String url : List.of("https://github.com/you/dots;reboot", "https://github.com/you/dots' && rm -rf ~ '",
                "https://github.com/you/$(id)", "https://github.com/you/`id`", "git@github.com:you/dots|sh",
                "https://github.com/you/dots\nreboot", "https://github.com/you/dots repo", "--upload-pack=evil",
                "git@github.com:-oProxyCommand", "-oProxyCommand@github.com:you/dots", "https://-x.example.com/dots", "/home/me/dotfiles",
                "file:///etc", "ftp://example.com/dots", "github.com/you/dotfiles", "https://github.com/")) {
            UsageException e = assertThrows(UsageException.class, () -> DotfilesUrl.validate(url), url);
            assertTrue(e.getMessage().startsWith("--dotfiles"), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
        }
    }

    @Test
    void plain_http_and_credentials_are_refused_with_their_own_reason() {
        assertTrue(assertThrows(UsageException.class, () -> DotfilesUrl.validate("http://github.com/you/dots"))
                .getMessage().contains("use https://"));
        assertTrue(assertThrows(UsageException.class,
                () -> DotfilesUrl.validate("https://you:ghp_secret@github.com/you/dots")).getMessage()
                .contains("no credentials"));
        assertTrue(assertThrows(UsageException.class, () -> DotfilesUrl.validate(" ")).getMessage()
                .contains("needs a git URL"));
        assertTrue(assertThrows(UsageException.class,
                () -> DotfilesUrl.validate("https://github.com/" + "a".repeat(600))).getMessage()
                .contains("at most 512"));
    }
}
