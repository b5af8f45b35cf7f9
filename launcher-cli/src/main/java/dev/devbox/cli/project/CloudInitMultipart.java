package dev.devbox.cli.project;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A MIME multi-part document as cloud-init reads its user data: each part's Content-Type says
 * what to do with it ({@code text/x-shellscript}: run it once per instance, in the order of the
 * file names; {@code text/cloud-config}: merge it into the configuration). ASCII parts go as they
 * are; others in base64.
 */
final class CloudInitMultipart {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\n'});
    static final String SHELL_SCRIPT = "text/x-shellscript";
    static final String CLOUD_CONFIG = "text/cloud-config";

    /** One part: its type, the file name cloud-init stores it under, and its text. */
    record Part(String contentType, String fileName, String text) {
    }

    private CloudInitMultipart() {
    }

    static String of(List<Part> parts) {
        String boundary = boundary(parts);
        StringBuilder doc = new StringBuilder()
                .append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\n")
                .append("MIME-Version: 1.0\n\n");
        for (Part part : parts) {
            doc.append("--").append(boundary).append('\n')
                    .append("Content-Type: ").append(part.contentType()).append("; charset=\"utf-8\"\n")
                    .append("MIME-Version: 1.0\n");
            String body = part.text();
            if (body.chars().allMatch(c -> c < 0x80)) {
                doc.append("Content-Transfer-Encoding: 7bit\n");
            } else {
                // Python's email package (cloud-init's reader) decodes an 8bit part's non-ASCII text as Latin-1.
                doc.append("Content-Transfer-Encoding: base64\n");
                body = BASE64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\n";
            }
            doc.append("Content-Disposition: attachment; filename=\"").append(part.fileName()).append("\"\n\n")
                    .append(body);
            // The line break before a boundary belongs to the boundary: this one keeps the text's own last one.
            doc.append(body.endsWith("\n") ? "\n" : "\n\n");
        }
        return doc.append("--").append(boundary).append("--\n").toString();
    }

    /** A boundary no part contains (base64 has no "=" inside a line, so only the texts matter). */
    private static String boundary(List<Part> parts) {
        for (int i = 0; ; i++) {
            String candidate = "==devbox-part-boundary-" + i + "==";
            if (parts.stream().noneMatch(p -> p.text().contains(candidate))) {
                return candidate;
            }
        }
    }
}
