package dev.devbox.cli.box.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cached Debian guest built by {@code boxtest/build-image.sh}: an ext4 root image, and the kernel and
 * initrd qemu boots directly. The recipe owns the cache key (a hash of itself), so this asks the recipe
 * where the image is rather than computing the key a second time.
 */
public record GuestImage(Path dir, Path rootImage, Path kernel, Path initrd, long buildSeconds) {

    /** The image for the current recipe, or why there is none (not built yet, no bash). */
    public static Lookup find(Path repoRoot) {
        Path recipe = repoRoot.resolve("boxtest/build-image.sh");
        if (!Files.isRegularFile(recipe)) {
            return new Lookup(Optional.empty(), "no recipe at " + recipe);
        }
        try {
            Process p = new ProcessBuilder(List.of("bash", recipe.toString(), "--cached"))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Lookup(Optional.empty(), "boxtest/build-image.sh --cached did not answer");
            }
            List<String> lines = out.lines().toList();
            if (p.exitValue() != 0 || lines.isEmpty()) {
                return new Lookup(Optional.empty(), lines.isEmpty() ? "no answer from the recipe" : lines.get(lines.size() - 1));
            }
            Path dir = Path.of(lines.get(lines.size() - 1));
            long seconds = Long.parseLong(Files.readString(dir.resolve("build-seconds")).strip());
            return new Lookup(Optional.of(new GuestImage(dir, dir.resolve("root.ext4"), dir.resolve("vmlinuz"),
                    dir.resolve("initrd.img"), seconds)), "");
        } catch (IOException | NumberFormatException e) {
            return new Lookup(Optional.empty(), "cannot read the guest image: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup(Optional.empty(), "interrupted");
        }
    }

    /** The image, or the reason it is missing. */
    public record Lookup(Optional<GuestImage> image, String missingBecause) {
    }
}
