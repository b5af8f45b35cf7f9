package dev.devbox.cli.project;

import java.util.List;

/**
 * A MIME multi-part document as cloud-init reads its user data: each part's Content-Type says
 * what to do with it ({@code text/x-shellscript}: run it once per instance, in the order of the
 * file names; {@code text/cloud-config}: merge it into the configuration).
 */
final class CloudInitMultipart {
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
                    .append("MIME-Version: 1.0\n")
                    .append("Content-Transfer-Encoding: 8bit\n")
                    .append("Content-Disposition: attachment; filename=\"").append(part.fileName()).append("\"\n\n")
                    .append(part.text());
            // The line break before a boundary belongs to the boundary: this one keeps the text's own last one.
            doc.append(part.text().endsWith("\n") ? "\n" : "\n\n");
        }
        return doc.append("--").append(boundary).append("--\n").toString();
    }

    /** A boundary no part contains. */
    private static String boundary(List<Part> parts) {
        for (int i = 0; ; i++) {
            String candidate = "==devbox-part-boundary-" + i + "==";
            if (parts.stream().noneMatch(p -> p.text().contains(candidate))) {
                return candidate;
            }
        }
    }
}
