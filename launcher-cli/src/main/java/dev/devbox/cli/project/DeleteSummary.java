package dev.devbox.cli.project;

import java.util.List;

/** What `devbox delete` removed. */
public record DeleteSummary(String project, List<String> images, List<String> snapshots, List<String> volumes,
                            List<String> skipped) {
}
