package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution (target/devbox) as a user runs it: bin/devbox as its own process, the
 * client's commands on lib/ alone (no emulator, no EC2 or DynamoDB client, no test library), and
 * local mode's files in lib/local only for `local` and `demo`.
 */
@ExtendWith(EmulatorExtension.class)
class DistributionIT {
    private static final Path DIST = Path.of("target", "devbox").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    PipelineWorld world;

    @BeforeEach
    void start(LocalAws aws) {
        world = new PipelineWorld(aws, home);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    record Run(int exit, String out, String err) {
    }

    private Run devbox(Path dist, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/devbox").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = new HashMap<>(world.runtime.environment());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv("PATH"));
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "devbox " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void the_client_carries_no_emulator_no_ec2_or_dynamodb_client_and_no_test_library() throws IOException {
        List<String> client = jars(DIST.resolve("lib"));
        assertTrue(client.contains("devbox-launcher-cli.jar"), client.toString());
        for (String forbidden : List.of("DynamoDBLocal", "devbox-emulator", "mockito", "byte-buddy", "objenesis",
                "junit", "ec2-", "dynamodb-", "eventbridge-", "ssm-", "kotlin", "jetty", "sqlite4java")) {
            assertFalse(client.stream().anyMatch(j -> j.startsWith(forbidden)), forbidden + " in lib/: " + client);
        }
        List<String> local = jars(DIST.resolve("lib/local"));
        assertTrue(local.stream().anyMatch(j -> j.startsWith("DynamoDBLocal")), local.toString());
        assertTrue(local.stream().anyMatch(j -> j.startsWith("ec2-")), local.toString());
        assertFalse(local.stream().anyMatch(j -> j.startsWith("mockito") || j.startsWith("junit")), local.toString());
    }

    @Test
    void every_client_command_runs_on_lib_alone_through_a_whole_save_cycle() throws Exception {
        Run version = devbox(DIST, "--version");
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().matches("(?s)devbox \\S+ \\(commit ([0-9a-f]{12}|unknown)\\)\n.*"), version.out());

        Path key = home.resolve(".ssh/id_ed25519.pub");
        Run launched = devbox(DIST, "launch", "web", "--key", key.toString(), "-o", "json");
        assertEquals(0, launched.exit(), launched.toString());
        String box = JSON.readTree(launched.out()).get("instanceId").asText();
        for (String[] command : List.of(new String[] {"list"}, new String[] {"status", "web"},
                new String[] {"history", "web"}, new String[] {"ssh-config", "--print"},
                new String[] {"ssh", "web", "--print"})) {
            Run r = devbox(DIST, command);
            assertEquals(0, r.exit(), String.join(" ", command) + ": " + r);
        }
        Run saved = devbox(DIST, "terminate", "web", "--wait", "--timeout", "2", "-o", "json");
        assertEquals(0, saved.exit(), saved.toString());
        JsonNode end = JSON.readTree(saved.out());
        assertEquals(box, end.get("instanceId").asText());
        assertEquals("READY", end.get("state").asText());
        Run gone = devbox(DIST, "status", "nosuch");
        assertEquals(4, gone.exit(), gone.toString());
    }

    @Test
    void local_mode_without_its_files_says_in_one_line_how_to_get_them(@TempDir Path copy) throws Exception {
        Path dist = copy.resolve("devbox");
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("lib"));
        Files.copy(DIST.resolve("bin/devbox"), dist.resolve("bin/devbox"));
        for (String jar : jars(DIST.resolve("lib"))) {
            Files.copy(DIST.resolve("lib").resolve(jar), dist.resolve("lib").resolve(jar));
        }
        for (String command : List.of("local", "demo")) {
            Run r = devbox(dist, command);
            assertEquals(3, r.exit(), r.toString());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
            assertTrue(r.err().contains("install.sh --local"), r.toString());
        }
        Run named = devbox(dist, "status", "local");
        assertEquals(4, named.exit(), "a project called local is just a project: " + named);
    }
}
