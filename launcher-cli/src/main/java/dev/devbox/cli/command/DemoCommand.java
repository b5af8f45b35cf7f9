package dev.devbox.cli.command;

import dev.devbox.cli.Devbox;
import dev.devbox.cli.Environment;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.DevboxException;
import dev.devbox.cli.local.LocalRuntime;
import dev.devbox.cli.ssh.OpenSshKeys;
import dev.devbox.cli.ui.Style;
import dev.devbox.domain.OwnerNamespace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Tell the whole story locally in under a minute.",
        description = "Starts a local emulator (no AWS account, nothing leaves this machine) and runs the real"
                + " devbox commands against it: launch a project, terminate it, watch the pipeline snapshot its"
                + " volumes, register the project AMI and mark it READY, relaunch from that AMI, terminate again,"
                + " delete, and check that nothing is left. The first run installs the pinned emulator (about a"
                + " minute).",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox demo", "  devbox demo --project myproject --verbose"})
public final class DemoCommand extends DevboxCommand {
    /** The demo's first developer (local mode: the access key id is who you are). */
    private static final String DEVELOPER = "alice";

    @Option(names = "--project", paramLabel = "NAME", defaultValue = "demo",
            converter = ProjectNameConverter.class, description = "Project name to use (default: ${DEFAULT-VALUE}).")
    dev.devbox.domain.ProjectName project;

    private static final int STAGES = 9;
    private Style s;
    private PrintWriter out;
    private Instant started;

    @Override
    public Integer call() throws IOException {
        s = ui().style();
        out = ui().out();
        started = Instant.now();
        String name = project.value();
        String key = OwnerNamespace.key(project, DEVELOPER).value(); // what its tags carry: names are per owner
        out.println(s.bold("devbox demo") + ": the whole story on a local emulator, no AWS account needed.");
        out.println();

        stage(1, "Start the emulator (moto + DynamoDB Local), the pipeline and a devbox stack");
        ByteArrayOutputStream pipelineLog = new ByteArrayOutputStream();
        Path home = Files.createTempDirectory("devbox-demo-home");
        try (LocalRuntime runtime = LocalRuntime.start("devbox",
                new PrintStream(pipelineLog, true, StandardCharsets.UTF_8), this::narrate)) {
            OpenSshKeys.writeEd25519(home, "demo@devbox");
            Environment demoEnv = developer(runtime, home, DEVELOPER);
            Environment bobEnv = developer(runtime, home, "bob");
            out.println("   " + s.green("✓") + " stack 'devbox': VPC " + runtime.outputs().get("VpcId") + ", launch template "
                    + runtime.outputs().get("LaunchTemplateId") + ", table " + runtime.outputs().get("TableName"));
            out.println("   " + s.dim(runtime.endpoints()));
            out.flush();

            stage(2, "devbox launch " + name + "   (new project: Ubuntu 24.04)");
            devbox(demoEnv, "launch", name);

            stage(3, "devbox terminate " + name + " --wait   (snapshots -> project AMI -> READY)");
            devbox(demoEnv, "terminate", name, "--wait", "--timeout", "3");

            stage(4, "devbox status " + name);
            devbox(demoEnv, "status", name);

            stage(5, "devbox launch " + name + "   (again: restored from the project AMI)");
            String ami = devboxJson(demoEnv, runtime, name);
            LocalRuntime.SeenBox box = box(runtime, key);
            check(box.imageId().equals(ami), "the new box " + box.instanceId() + " boots the project AMI " + ami);

            stage(6, "AWS_ACCESS_KEY_ID=bob devbox terminate " + name + "   (a second developer: alice's is out of reach)");
            refused(bobEnv, ExitCode.NOT_FOUND, "terminate", name); // names are per developer: bob has no such project
            refused(bobEnv, ExitCode.FORBIDDEN, "terminate", name, "--owner", DEVELOPER);
            check(box(runtime, key).state().equals("running"),
                    "alice's box " + box.instanceId() + " still runs: bob cannot touch it");

            stage(7, "devbox terminate " + name + " --wait   (the second save; the first AMI is retained)");
            devbox(demoEnv, "terminate", name, "--wait", "--timeout", "3");
            devbox(demoEnv, "list");

            stage(8, "devbox delete " + name + " --yes");
            devbox(demoEnv, "delete", name, "--yes");

            stage(9, "Check that nothing of '" + name + "' is left");
            LocalRuntime.Remnants left = runtime.remnants(key);
            check(left.total() == 0, left.boxes() + " boxes, " + left.images() + " AMIs, " + left.snapshots()
                    + " snapshots, " + left.volumes() + " volumes of '" + name + "' remain");
        } catch (DevboxException e) {
            if (ui().verbose()) {
                ui().info("pipeline log:\n" + pipelineLog);
            }
            throw e;
        } finally {
            deleteTree(home);
        }
        if (ui().verbose()) {
            ui().info(s.dim("pipeline log:\n" + pipelineLog.toString(StandardCharsets.UTF_8)));
        }
        out.println();
        out.println(s.green("✓") + " " + s.bold("Demo complete") + " in " + seconds(started) + ". Try it by hand:"
                + " 'devbox local' prints the environment for your shell.");
        out.flush();
        return ExitCode.OK;
    }

    private void stage(int n, String title) {
        out.println();
        out.println(s.bold("[" + n + "/" + STAGES + "] " + title) + s.dim("  +" + seconds(started)));
        out.flush();
    }

    private synchronized void narrate(String line) {
        out.println("   " + s.cyan("⚡ " + line));
        out.flush();
    }

    /** A developer's shell in local mode: the access key id is who they are. */
    private Environment developer(LocalRuntime runtime, Path home, String accessKeyId) {
        Map<String, String> variables = new java.util.HashMap<>(runtime.environment());
        variables.put("AWS_ACCESS_KEY_ID", accessKeyId);
        return new Environment(variables, home, env().stdin(), env().terminal(), env().clock());
    }

    /** Runs a command that must be refused with {@code expected}; prints its one-line error. */
    private void refused(Environment who, int expected, String... args) {
        out.println("   " + s.dim("$ devbox " + String.join(" ", args)));
        StringWriter err = new StringWriter();
        int code = Devbox.run(who, new PrintWriter(new StringWriter()), new PrintWriter(err, true), withGlobals(args));
        out.println("   " + err.toString().strip());
        if (code != expected) {
            throw new DevboxException(ExitCode.INTERNAL, "The demo stopped: 'devbox " + String.join(" ", args)
                    + "' as a second developer exited " + code + ", not " + expected + ".");
        }
        check(true, "refused with exit " + code + ", nothing changed");
    }

    /** Runs a real devbox command against the emulator; its output is the demo's. */
    private void devbox(Environment demoEnv, String... args) {
        out.println("   " + s.dim("$ devbox " + String.join(" ", args)));
        out.flush();
        int code = Devbox.run(demoEnv, out, ui().err(), withGlobals(args));
        if (code != ExitCode.OK) {
            throw new DevboxException(code, "The demo stopped: 'devbox " + String.join(" ", args) + "' exited " + code
                    + " (rerun 'devbox demo --verbose' for the pipeline's log).");
        }
    }

    /** Launch again, reading the result as JSON to check which AMI it used; prints the usual text too. */
    private String devboxJson(Environment demoEnv, LocalRuntime runtime, String name) {
        devbox(demoEnv, "launch", name);
        StringWriter json = new StringWriter();
        int code = Devbox.run(demoEnv, new PrintWriter(json), new PrintWriter(new StringWriter()),
                "status", name, "-o", "json");
        if (code != ExitCode.OK) {
            throw new DevboxException(code, "The demo stopped: 'devbox status " + name + "' exited " + code + ".");
        }
        try {
            return ui().mapper().readTree(json.toString()).path("imageId").asText();
        } catch (IOException e) {
            throw new DevboxException(ExitCode.INTERNAL, "Unreadable status JSON", e);
        }
    }

    private String[] withGlobals(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        if (!s.enabled()) {
            all.add("--no-color");
        }
        if (ui().verbose()) {
            all.add("--verbose");
        }
        return all.toArray(String[]::new);
    }

    private static LocalRuntime.SeenBox box(LocalRuntime runtime, String key) {
        return runtime.liveBox(key)
                .orElseThrow(() -> new DevboxException(ExitCode.INTERNAL, "The demo's box is not running."));
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new DevboxException(ExitCode.INTERNAL, "The demo found a problem: " + what + ".");
        }
        out.println("   " + s.green("✓") + " " + what);
        out.flush();
    }

    private static String seconds(Instant since) {
        return String.format("%.1fs", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
