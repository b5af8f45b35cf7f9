package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.UsageException;
import dev.devbox.cli.local.LocalRuntime;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.domain.policy.AdminPolicy;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run a local AWS emulator with the pipeline; print its env.",
        description = "Runs an embedded AWS emulator (moto + DynamoDB Local), the three pipeline handlers and a"
                + " local event source in this foreground process, with a devbox stack bootstrapped in it, and"
                + " prints the environment to use as shell export lines. With them set, every devbox command and"
                + " any AWS client (the aws CLI, an SDK) sees the same world, and terminating an instance through"
                + " any client runs the real pipeline. Emulated boxes have no SSH server: launch does not wait for"
                + " port 22. Ctrl-C stops it; the world lives in memory and goes with it. The access key id is the"
                + " developer: shells with AWS_ACCESS_KEY_ID=alice and =bob are two developers (any secret).",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox local                       then, in another shell, paste the export lines and:",
            "  devbox launch demo && devbox terminate demo --wait && devbox launch demo",
            "  aws ec2 describe-instances       (the same world)",
            "  devbox local --admin carol --parameter MaxRunningBoxesPerOwner=1",
            "  AWS_ACCESS_KEY_ID=bob devbox list     (bob's projects only)"})
public final class LocalCommand extends DevboxCommand {
    @Option(names = "--quiet", description = "Do not print events and pipeline steps as they happen.")
    boolean quiet;

    @Option(names = "--parameter", paramLabel = "KEY=VALUE",
            description = "A stack parameter, as 'sam deploy --parameter-overrides' sets it (repeatable): the team"
                    + " rules (MaxRunningBoxesPerOwner=1, AllowedInstanceTypes=t3.*, ...) and EbsKmsKeyId.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--admin", paramLabel = "NAME",
            description = "Make this developer (an access key id: AWS_ACCESS_KEY_ID=NAME) an admin (repeatable).")
    List<String> admins = new ArrayList<>();

    @Option(names = "--for", paramLabel = "SECONDS", hidden = true,
            description = "Stop after this many seconds (for tests and scripts).")
    Long forSeconds;

    @Override
    public Integer call() throws InterruptedException {
        String stack = aws().stackName();
        Map<String, String> stackParameters = stackParameters();
        PrintStream pipelineLog = quiet || !ui().verbose()
                ? new PrintStream(OutputStream.nullOutputStream()) : System.err;
        ui().info("Starting the local emulator (the first run installs it, about a minute)...");
        CountDownLatch stopped = new CountDownLatch(1);
        LocalRuntime runtime = LocalRuntime.start(stack, stackParameters, pipelineLog, line -> {
            if (!quiet) {
                ui().info(ui().style().cyan("⚡ " + line));
            }
        });
        Thread hook = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "devbox-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        for (Map.Entry<String, String> e : runtime.environment().entrySet()) {
            ui().out().println("export " + e.getKey() + "=" + e.getValue());
        }
        ui().out().flush();
        ui().info(ui().style().green("✓") + " devbox local is running: stack '" + stack + "' (VPC "
                + runtime.outputs().get("VpcId") + ", table " + runtime.outputs().get("TableName")
                + "), pipeline and event source on, control plane at " + runtime.outputs().get("ControlUrl")
                + ". Paste the export lines above into another shell. Ctrl-C stops.");
        if (forSeconds != null) {
            Thread.sleep(forSeconds * 1000);
            Runtime.getRuntime().removeShutdownHook(hook);
            runtime.close();
            return ExitCode.OK;
        }
        stopped.await();
        return ExitCode.OK;
    }

    /** The parameters with --admin added to AdminPrincipals; refused before anything starts when invalid. */
    private Map<String, String> stackParameters() {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        for (String admin : admins) {
            if (!admin.matches("[A-Za-z0-9]+")) {
                throw new UsageException("--admin " + admin + ": local developers are access key ids, letters and"
                        + " digits only (AWS_ACCESS_KEY_ID=" + admin.replaceAll("[^A-Za-z0-9]", "") + ").");
            }
            String listed = all.getOrDefault(AdminPolicy.ADMIN_PRINCIPALS, "");
            all.put(AdminPolicy.ADMIN_PRINCIPALS, listed.isBlank() ? admin : listed + "," + admin);
        }
        try {
            LocalStack.outputsFor(all);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--parameter: " + e.getMessage() + ".");
        }
        return all;
    }
}
