package dev.devbox.cli;

import dev.devbox.cli.aws.AwsSession;
import dev.devbox.cli.ui.OutputFormat;
import dev.devbox.cli.ui.Style;
import dev.devbox.cli.ui.Ui;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code devbox} command. {@link #main} only exits with {@link #run}; tests call
 * {@link #run(Environment, PrintWriter, PrintWriter, String...)} with their own world.
 */
@Command(name = "devbox",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Persistent, on-demand EC2 development boxes that cost nothing while you sleep.",
        description = "Launch a box for a project, work in it, terminate it any way you like: devbox snapshots"
            + " its volumes into a project AMI, and the next launch starts exactly where you left off."
            + " Everything is found from the CloudFormation stack (--stack, default 'devbox').",
        footerHeading = "%nExamples:%n",
        footer = {
            "  devbox launch myproject          start (or resume) the box of 'myproject'",
            "  devbox ssh myproject             connect to it",
            "  devbox terminate myproject --wait  stop it, wait until its work is saved",
            "  devbox demo                      the whole story against a local emulator",
            "",
            "Environment:",
            "  AWS_PROFILE, AWS_REGION          credentials and region (standard AWS chain, SSO included)",
            "  AWS_ENDPOINT_URL[_<SERVICE>]     endpoints, as printed by 'devbox local'",
            "  DEVBOX_STACK                     default for --stack",
            "  NO_COLOR                         disables colour"})
public final class Devbox implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "CloudFormation stack of the devbox deployment (default: $DEVBOX_STACK or 'devbox').")
    String stack;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region (default: $AWS_REGION or the profile's).")
    String region;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "AWS profile from ~/.aws/config (default: $AWS_PROFILE or the standard chain).")
    String profile;

    @Option(names = "--owner", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Act on this developer's projects (admins of the stack only; default: your own).")
    String owner;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Result format: ${COMPLETION-CANDIDATES} (default: text).")
    OutputFormat output = OutputFormat.text;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show AWS calls and, on errors, the stack trace.")
    boolean verbose;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never use colour (also: NO_COLOR=1).")
    boolean noColor;

    private final Environment environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private Ui ui;
    private AwsSession aws;

    Devbox(Environment environment, PrintWriter out, PrintWriter err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The real process: its environment, stdout and stderr. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(out, err, args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Environment.system(), out, err, args);
    }

    /** Parses {@code args}, runs the command, and returns its exit code; never calls System.exit. */
    public static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")) && printVersion(out)) {
            return ExitCode.OK;
        }
        Devbox root = new Devbox(environment, out, err);
        try {
            return commandLine(root, Commands.neededBy(args)).execute(args);
        } finally {
            root.closeAws();
            out.flush();
            err.flush();
        }
    }

    /**
     * The whole command model (every command, option and exit code) with nowhere to print: for
     * tools that describe devbox, like the build's man page generator. Nothing runs.
     */
    public static CommandLine model() {
        PrintWriter nowhere = new PrintWriter(java.io.Writer.nullWriter());
        return commandLine(new Devbox(Environment.system(), nowhere, nowhere), Commands.all());
    }

    /**
     * `devbox --version` alone, printed as picocli prints it (each line through String.format) without
     * building the command model, which is most of its time; false (nothing printed) for a line that
     * picocli would format or mark up differently, which then goes the usual way.
     */
    private static boolean printVersion(PrintWriter out) {
        String[] lines = new Version().getVersion();
        for (String line : lines) {
            if (line.contains("%") || line.contains("@|")) {
                return false;
            }
        }
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
        return true;
    }

    /** The root command with {@code commands} registered, in the order given (help order). */
    static CommandLine commandLine(Devbox root, java.util.List<Class<?>> commands) {
        CommandLine cl = new CommandLine(root);
        for (Class<?> command : commands) {
            cl.addSubcommand(command);
        }
        cl.setOut(root.out);
        cl.setErr(root.err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ErrorMapper mapper = new ErrorMapper(root);
        cl.setExecutionExceptionHandler(mapper);
        cl.setParameterExceptionHandler(mapper);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String[] row : ExitCode.HELP_TABLE) {
            codes.put(row[0], row[1]);
        }
        applyExitCodeHelp(cl, codes);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(root.style().enabled()
                ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return cl;
    }

    private static void applyExitCodeHelp(CommandLine cl, Map<String, String> codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            applyExitCodeHelp(sub, codes);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    public Environment environment() {
        return environment;
    }

    public String stackName() {
        if (stack != null) {
            return stack;
        }
        String fromEnv = environment.get("DEVBOX_STACK");
        return fromEnv != null ? fromEnv : "devbox";
    }

    /** The owner named with --owner, or null. */
    /**
     * The options that chose the stack, account and owner, as given (--stack, --region, --profile,
     * --owner): a ProxyCommand that runs devbox again passes them on.
     */
    public java.util.List<String> selectionOptions() {
        java.util.List<String> options = new java.util.ArrayList<>();
        java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
        given.put("--stack", stack);
        given.put("--region", region);
        given.put("--profile", profile);
        given.put("--owner", owner);
        given.forEach((option, value) -> {
            if (value != null) {
                options.add(option);
                options.add(value);
            }
        });
        return options;
    }

    public String owner() {
        return owner;
    }

    public boolean verbose() {
        return verbose;
    }

    /** How this invocation prints (built on first use, after options are parsed). */
    public Ui ui() {
        if (ui == null) {
            ui = new Ui(out, err, style(), output, verbose, environment.terminal(), environment.clock(),
                    environment.stdin());
        }
        return ui;
    }

    Style style() {
        return Style.of(environment.terminal(), environment.get("NO_COLOR"), environment.get("TERM"), noColor);
    }

    /** AWS clients for this invocation; nothing is built (or loaded) until a command asks. */
    public AwsSession aws() {
        if (aws == null) {
            aws = new AwsSession(environment, region, profile, stackName(), ui());
        }
        return aws;
    }

    private void closeAws() {
        if (aws != null) {
            aws.close();
        }
    }
}
