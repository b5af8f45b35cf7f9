package dev.devbox.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.error.UsageException;
import dev.devbox.domain.SessionEnding;
import java.time.Instant;
import java.util.Optional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxUserDataTest {
    static final String FIXTURES = "/dev/devbox/cli/project/user-data/";
    static final String DOTFILES = "https://github.com/you/dotfiles.git";

    @TempDir
    Path dir;

    /** A part of the multi-part document: its headers and its content. */
    record Part(String contentType, String fileName, String text) {
    }

    /** Splits the document as a MIME reader does: the line break before a boundary belongs to it. */
    static List<Part> parts(String doc) {
        Matcher b = Pattern.compile("\\AContent-Type: multipart/mixed; boundary=\"([^\"]+)\"\nMIME-Version: 1.0\n\n")
                .matcher(doc);
        assertTrue(b.find(), doc);
        String boundary = b.group(1);
        assertTrue(doc.endsWith("\n--" + boundary + "--\n"), "closed by the final boundary");
        String body = doc.substring(b.end(), doc.length() - ("\n--" + boundary + "--\n").length());
        assertTrue(body.startsWith("--" + boundary + "\n"));
        List<Part> parts = new ArrayList<>();
        for (String raw : body.substring(("--" + boundary + "\n").length()).split("\n--" + Pattern.quote(boundary)
                + "\n", -1)) {
            int split = raw.indexOf("\n\n");
            String headers = raw.substring(0, split + 1);
            Matcher type = Pattern.compile("Content-Type: ([a-z/-]+); charset=\"utf-8\"\n").matcher(headers);
            Matcher name = Pattern.compile("filename=\"([^\"]+)\"").matcher(headers);
            assertTrue(type.find() && name.find() && headers.contains("MIME-Version: 1.0\n"), headers);
            String text = raw.substring(split + 2);
            if (headers.contains("Content-Transfer-Encoding: base64\n")) {
                text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
            } else {
                assertTrue(headers.contains("Content-Transfer-Encoding: 7bit\n") && text.chars().allMatch(c -> c < 0x80),
                        "7bit is ASCII");
            }
            parts.add(new Part(type.group(1), name.group(1), text));
        }
        return parts;
    }

    Path fixture(String name) throws IOException {
        try (var in = BoxUserDataTest.class.getResourceAsStream(FIXTURES + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

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
    void the_embedded_scripts_are_the_resources_without_their_comment_lines() throws Exception {
        String rendered = BoxUserData.render(60);
        for (String name : java.util.List.of("devbox-idle.sh", "devbox-spot-watch.sh", "devbox-last-session.sh")) {
            String script;
            try (var in = BoxUserData.class.getResourceAsStream("/dev/devbox/cli/box/" + name)) {
                script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertTrue(rendered.contains(ShellCompaction.compact(script)), "a heredoc holds the whole of " + name);
        }
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

    // ------------------------------------------------------------ first boot ----

    @Test
    void without_a_first_boot_setup_the_user_data_is_devbox_s_script_alone() {
        assertEquals(BoxUserData.render(60), BoxUserData.render(60, FirstBootSetup.NONE));
        assertEquals(BoxUserData.encoded(60), BoxUserData.encoded(60, FirstBootSetup.NONE));
    }

    @Test
    void a_script_makes_a_multipart_of_devbox_s_script_then_the_first_boot_part_holding_it() throws IOException {
        Path script = fixture("setup.sh");
        String doc = BoxUserData.render(45, FirstBootSetup.of(script, null));
        List<Part> parts = parts(doc);
        assertEquals(List.of("10-devbox.sh", "20-devbox-first-boot.sh"), parts.stream().map(Part::fileName).toList(),
                "cloud-init runs scripts in the order of their names");
        assertEquals(List.of("text/x-shellscript", "text/x-shellscript"),
                parts.stream().map(Part::contentType).toList());
        assertEquals(BoxUserData.render(45), parts.get(0).text(), "devbox's own script, whole");
        String firstBoot = parts.get(1).text();
        assertTrue(firstBoot.startsWith("#!/bin/bash\n"));
        String user = Files.readString(script);
        assertTrue(firstBoot.contains("<<'DEVBOX_USER_SCRIPT_END'\n" + user + "DEVBOX_USER_SCRIPT_END\n"),
                "the user's script byte for byte in a quoted heredoc");
        assertTrue(firstBoot.contains("dotfiles_url=''"), "no dotfiles");
        assertEquals(doc, BoxUserData.decode(BoxUserData.encoded(45, FirstBootSetup.of(script, null))));
    }

    /** Reads the document with Python's email package, as cloud-init does, and lists what it finds. */
    @Test
    void python_s_mime_reader_finds_each_part_byte_for_byte() throws Exception {
        java.util.Optional<Path> python = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "python3")).filter(Files::isExecutable).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(python.isPresent(), "python3 is not on PATH");
        Path config = file("c.yaml", "#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: \"héllo ✓ --x\"\n");
        String doc = BoxUserData.render(60, FirstBootSetup.of(config, DOTFILES));
        Path docFile = file("user-data.mime", doc);
        Path reader = file("read.py", String.join("\n",
                "import email, hashlib, sys",
                "msg = email.message_from_string(open(sys.argv[1], encoding='utf-8').read())",
                "assert msg.is_multipart()",
                "for part in msg.walk():",
                "    if part.is_multipart(): continue",
                "    body = part.get_payload(decode=True)",
                "    print(part.get_content_type(), part.get_filename(), hashlib.sha256(body).hexdigest())", ""));
        Process p = new ProcessBuilder(python.get().toString(), reader.toString(), docFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<Part> parts = parts(doc);
        StringBuilder expected = new StringBuilder();
        for (Part part : parts) {
            expected.append(part.contentType()).append(' ').append(part.fileName()).append(' ')
                    .append(sha256(part.text())).append('\n');
        }
        assertEquals(expected.toString(), out);
        assertEquals(3, parts.size());
        assertEquals(Files.readString(config), parts.get(2).text());
    }

    static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_first_boot_part_checks_its_marker_before_it_runs_anything() throws IOException {
        String firstBoot = BoxUserData.renderFirstBoot(FirstBootSetup.of(fixture("setup.sh"), DOTFILES));
        int guard = firstBoot.indexOf("if [ -e \"$marker\" ]; then");
        assertTrue(guard > 0 && firstBoot.indexOf("exit 0", guard) < firstBoot.indexOf("\"$work/user-data\")"),
                "the marker ends the part before the script runs");
        assertTrue(firstBoot.contains("marker=\"$state/first-boot-done\""));
        assertTrue(firstBoot.indexOf("runuser -u \"$ssh_user\"") < firstBoot.indexOf("mv -f \"$marker.new\""),
                "the marker is written after the setup ran");
        assertTrue(firstBoot.contains("ssh_user='ubuntu'"));
        assertTrue(firstBoot.contains("dotfiles_url='" + DOTFILES + "'"));
    }

    @Test
    void a_cloud_config_passes_through_as_its_own_part() throws IOException {
        Path config = fixture("cloud-config.yaml");
        List<Part> alone = parts(BoxUserData.render(60, FirstBootSetup.of(config, null)));
        assertEquals(List.of("text/x-shellscript", "text/cloud-config"),
                alone.stream().map(Part::contentType).toList(), "no first-boot script without a script or dotfiles");
        assertEquals(Files.readString(config), alone.get(1).text(), "byte for byte");
        assertEquals("30-user-cloud-config.yaml", alone.get(1).fileName());

        List<Part> withDotfiles = parts(BoxUserData.render(60, FirstBootSetup.of(config, DOTFILES)));
        assertEquals(List.of("10-devbox.sh", "20-devbox-first-boot.sh", "30-user-cloud-config.yaml"),
                withDotfiles.stream().map(Part::fileName).toList());
        assertFalse(withDotfiles.get(1).text().contains("packages:"), "the YAML is not run as a script");
    }

    @Test
    void text_that_looks_like_a_placeholder_or_a_delimiter_in_the_script_is_left_alone() throws IOException {
        String user = "#!/bin/bash\necho '@SSH_USER@ @USER_SCRIPT@'\ncat <<X\nDEVBOX_USER_SCRIPT_END\nX";
        String firstBoot = BoxUserData.renderFirstBoot(FirstBootSetup.of(file("odd.sh", user), null));
        assertTrue(firstBoot.contains("<<'DEVBOX_USER_SCRIPT_END_1'\n" + user + "\nDEVBOX_USER_SCRIPT_END_1\n"),
                firstBoot);
    }

    @Test
    void a_part_with_non_ascii_text_goes_in_base64_and_ascii_parts_stay_readable() throws IOException {
        Path script = file("u.sh", "#!/bin/bash\necho 'Grüße ✓'\n");
        String doc = BoxUserData.render(60, FirstBootSetup.of(script, null));
        assertTrue(doc.contains("Content-Transfer-Encoding: 7bit\nContent-Disposition: attachment; filename=\"10-devbox.sh\""));
        assertTrue(doc.contains("Content-Transfer-Encoding: base64\nContent-Disposition: attachment;"
                + " filename=\"20-devbox-first-boot.sh\""));
        assertFalse(doc.contains("Grüße"));
        assertTrue(parts(doc).get(1).text().contains("echo 'Grüße ✓'\n"), "decoded, byte for byte");
    }

    @Test
    void a_boundary_that_a_part_contains_is_not_used() throws IOException {
        Path script = file("b.sh", "#!/bin/sh\necho '--==devbox-part-boundary-0=='\n");
        String doc = BoxUserData.render(60, FirstBootSetup.of(script, null));
        assertTrue(doc.startsWith("Content-Type: multipart/mixed; boundary=\"==devbox-part-boundary-1==\""));
        assertEquals(2, parts(doc).size());
    }

    @Test
    void user_data_over_16_kib_gzipped_is_refused_with_its_size_and_the_limit() throws IOException {
        // Random text hardly compresses: about 24 KB of it cannot fit.
        Random random = new Random(11);
        StringBuilder noise = new StringBuilder("#!/bin/bash\n: '");
        for (int i = 0; i < 24_000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        Path big = file("big.sh", noise.append("'\n").toString());
        FirstBootSetup setup = FirstBootSetup.of(big, DOTFILES);
        int size = BoxUserData.gzipped(60, setup).length;
        assertTrue(size > BoxUserData.EC2_LIMIT_BYTES);
        UsageException e = assertThrows(UsageException.class, () -> BoxUserData.encoded(60, setup));
        assertTrue(e.getMessage().contains(size + " bytes gzipped") && e.getMessage().contains("limit of 16384")
                && e.getMessage().contains("--user-data and --dotfiles"), e.getMessage());
    }

    @Test
    void the_largest_realistic_combination_fits_with_room_to_spare() throws IOException {
        int own = BoxUserData.gzipped(60, FirstBootSetup.NONE).length;
        int script = BoxUserData.gzipped(60, FirstBootSetup.of(fixture("setup.sh"), DOTFILES)).length;
        int config = BoxUserData.gzipped(60, FirstBootSetup.of(fixture("cloud-config.yaml"), DOTFILES)).length;
        // The figure docs/box.md quotes.
        System.out.println("user data, gzipped bytes: devbox's own " + own + "; + setup.sh + dotfiles " + script
                + "; + cloud-config.yaml + dotfiles " + config + " (EC2 limit " + BoxUserData.EC2_LIMIT_BYTES + ")");
        assertTrue(Math.max(script, config) < BoxUserData.EC2_LIMIT_BYTES - 3 * 1024,
                "at least 3 KiB gzipped (some 8 KB of script) to spare: " + Math.max(script, config));
    }
}
