package dev.devbox.cli;

import dev.devbox.cli.aws.AwsErrors;
import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.ConflictException;
import dev.devbox.cli.error.DevboxException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.control.ControlRefusal;
import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.InvalidProjectNameException;
import dev.devbox.domain.ProjectBusyException;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.PolicyRefusedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become output: one line on stderr saying what is wrong and what
 * to do, and an {@link ExitCode}. The stack trace only under --verbose.
 */
final class ErrorMapper implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final Devbox root;

    ErrorMapper(Devbox root) {
        this.root = root;
    }

    /** Bad flags or arguments: picocli found them before anything ran, so nothing changed. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(root.style().red("error:") + " " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage and an example.");
        if (root.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        DevboxException mapped = translate(ex);
        PrintWriter err = cmd.getErr();
        err.println(root.style().red("error:") + " " + mapped.getMessage());
        if (root.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return mapped.exitCode();
    }

    static DevboxException translate(Throwable ex) {
        if (ex instanceof DevboxException d) {
            return d;
        }
        if (ex instanceof InterruptedException || ex.getCause() instanceof InterruptedException) {
            return new DevboxException(ExitCode.INTERRUPTED, "Interrupted.", ex);
        }
        if (ex instanceof ProjectBusyException busy) {
            return new ConflictException("Project '" + busy.project() + "' is " + busy.state()
                    + ": wait until it is READY ('devbox wait " + busy.project() + "').", ex);
        }
        if (ex instanceof ConcurrentUpdateException) {
            return new ConflictException("The project changed while this command ran (" + ex.getMessage()
                    + "): run 'devbox status' and try again.", ex);
        }
        if (ex instanceof ControlRefusal refusal) {
            return switch (refusal.kind()) {
                case NOT_FOUND -> new NotFoundException(ex.getMessage(), ex);
                case CONFLICT -> new ConflictException(ex.getMessage(), ex);
                case BAD_REQUEST -> new UsageException(ex.getMessage(), ex);
                case EC2 -> new AwsFailureException(ex.getMessage(), ex);
            };
        }
        if (ex instanceof PolicyRefusedException) {
            return new DevboxException(ExitCode.POLICY, ex.getMessage(), ex);
        }
        if (ex instanceof ForeignProjectException) {
            return new DevboxException(ExitCode.FORBIDDEN, ex.getMessage(), ex);
        }
        if (ex instanceof InvalidProjectNameException) {
            return new UsageException(ex.getMessage(), ex);
        }
        DevboxException aws = AwsErrors.translate(ex);
        if (aws != null) {
            return aws;
        }
        return new DevboxException(ExitCode.INTERNAL,
                "Unexpected " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                        + " (rerun with --verbose for details, and please report it)", ex);
    }
}
