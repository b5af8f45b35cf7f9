package dev.devbox.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.error.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataFileTest {
    @TempDir
    Path dir;

    Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    String refusal(Path file) {
        return assertThrows(UsageException.class, () -> UserDataFile.read(file)).getMessage();
    }

    @Test
    void a_shell_script_and_a_cloud_config_are_told_apart_by_their_first_line() throws IOException {
        UserDataFile script = UserDataFile.read(file("s.sh", "#!/usr/bin/env python3\nprint('hi')\n"));
        assertEquals(UserDataFile.Kind.SHELL_SCRIPT, script.kind());
        assertEquals("#!/usr/bin/env python3\nprint('hi')\n", script.text());
        UserDataFile config = UserDataFile.read(file("c.yaml", "#cloud-config  \r\npackages: [jq]\r\n"));
        assertEquals(UserDataFile.Kind.CLOUD_CONFIG, config.kind(), "YAML may have CRLF; the header may have spaces");
    }

    @Test
    void a_byte_order_mark_is_dropped_so_the_kernel_sees_the_shebang() throws IOException {
        UserDataFile script = UserDataFile.read(file("bom.sh", "\uFEFF#!/bin/sh\necho hi\n"));
        assertEquals("#!/bin/sh\necho hi\n", script.text());
    }

    @Test
    void empty_binary_gzipped_or_non_utf8_files_are_refused_with_the_reason() throws IOException {
        assertTrue(refusal(file("empty", "")).contains("is empty"));
        assertTrue(refusal(file("blank", " \n\n")).contains("is empty"));
        assertTrue(refusal(file("bin", new byte[] {'#', '!', '/', 0, 1})).contains("is a binary file"));
        assertTrue(refusal(file("gz", new byte[] {0x1f, (byte) 0x8b, 8, 0})).contains("is gzipped"));
        assertTrue(refusal(file("latin1", new byte[] {'#', '!', '/', 'b', '\n', (byte) 0xe9, '\n'}))
                .contains("is not UTF-8 text"));
    }

    @Test
    void other_formats_say_what_is_accepted() throws IOException {
        String plain = refusal(file("notes.txt", "apt-get install jq\n"));
        assertTrue(plain.contains("starts with 'apt-get install jq'") && plain.contains("#!") && plain.contains(
                "#cloud-config"), plain);
        assertTrue(refusal(file("mime", "Content-Type: multipart/mixed; boundary=x\n")).contains("a MIME document"));
        assertTrue(refusal(file("boothook", "#cloud-boothook\necho\n")).contains("a cloud-init format devbox does not"
                + " pass on"));
        assertTrue(refusal(file("yaml", "packages: [jq]\n")).contains("first line is #cloud-config"));
    }

    @Test
    void a_script_with_windows_line_endings_is_refused() throws IOException {
        String message = refusal(file("crlf.sh", "#!/bin/bash\r\necho hi\r\n"));
        assertTrue(message.contains("CRLF") && message.contains("dos2unix"), message);
    }

    @Test
    void missing_files_directories_and_huge_files_are_refused() throws IOException {
        assertTrue(refusal(dir.resolve("nope.sh")).endsWith("nope.sh: no such file."));
        assertTrue(refusal(dir).contains("is a directory"));
        byte[] big = new byte[(int) UserDataFile.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertTrue(refusal(file("big.sh", big)).contains("16 KiB"));
    }
}
