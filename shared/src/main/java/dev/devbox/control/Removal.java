package dev.devbox.control;

import java.util.List;

/** What deleting a project removed, and what it left alone and why. */
public record Removal(String project, List<String> images, List<String> snapshots, List<String> volumes,
                      List<String> skipped) {
    public Removal {
        images = List.copyOf(images);
        snapshots = List.copyOf(snapshots);
        volumes = List.copyOf(volumes);
        skipped = List.copyOf(skipped);
    }
}
