package dev.devbox.cli.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The last DescribeStacks, per key, for a week; a broken cache is no cache. */
class StackCacheTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void anEntryIsReadBackForItsKeyOnlyAndOnlyForAWeek(@TempDir Path home) {
        StackCache cache = StackCache.in(null, home);
        StackOutputs outputs = new StackOutputs("devbox", "https://abc.lambda-url.eu-west-1.on.aws/");
        cache.save("eu-west-1/devbox/profile:dev", outputs, NOW);
        assertEquals(Optional.of(outputs), cache.load("eu-west-1/devbox/profile:dev", NOW.plus(Duration.ofDays(6))));
        assertEquals(Optional.empty(), cache.load("eu-west-1/devbox/profile:prod", NOW), "another identity");
        assertEquals(Optional.empty(), cache.load("eu-west-1/devbox/profile:dev", NOW.plus(Duration.ofDays(8))));
        assertEquals(Optional.empty(), cache.load("eu-west-1/devbox/profile:dev", NOW.minusSeconds(60)),
                "saved in the future: a clock moved");
        assertEquals(true, Files.isRegularFile(home.resolve(".cache/devbox/stacks.json")));

        cache.save("eu-west-1/devbox/profile:dev", new StackOutputs("devbox", null), NOW);
        assertEquals(Optional.empty(), cache.load("eu-west-1/devbox/profile:dev", NOW), "a stack without a URL");
    }

    @Test
    void savingDropsTheEntriesThatAreNoLongerRead(@TempDir Path home) throws Exception {
        StackCache cache = StackCache.in(null, home);
        StackOutputs outputs = new StackOutputs("devbox", "http://127.0.0.1:4000/");
        cache.save("us-east-1/devbox/key:a@http://127.0.0.1:1000", outputs, NOW.minus(Duration.ofDays(8)));
        cache.save("us-east-1/devbox/key:a@http://127.0.0.1:2000", outputs, NOW.minus(Duration.ofDays(6)));
        cache.save("us-east-1/devbox/key:a@http://127.0.0.1:3000", outputs, NOW);
        String file = Files.readString(home.resolve(".cache/devbox/stacks.json"));
        assertEquals(false, file.contains("127.0.0.1:1000"), file);
        assertEquals(true, file.contains("127.0.0.1:2000") && file.contains("127.0.0.1:3000"), file);
    }

    @Test
    void anUnreadableCacheIsNoCache(@TempDir Path dir) throws Exception {
        Path xdg = dir.resolve("xdg");
        Files.createDirectories(xdg.resolve("devbox"));
        Files.writeString(xdg.resolve("devbox/stacks.json"), "not json {");
        StackCache cache = StackCache.in(xdg.toString(), dir.resolve("home"));
        assertEquals(Optional.empty(), cache.load("k", NOW));
        cache.save("k", new StackOutputs("devbox", "https://x/"), NOW);
        assertEquals("https://x/", cache.load("k", NOW).orElseThrow().controlUrl(), "rewritten whole");
    }
}
