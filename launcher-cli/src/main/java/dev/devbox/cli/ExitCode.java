package dev.devbox.cli;

/**
 * The exit codes of every devbox command. They are part of the command's interface: scripts
 * branch on them, so a value never changes meaning. Listed in {@code devbox --help} and docs/cli.md.
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A bug or an unexpected failure; rerun with --verbose for the stack trace. */
    public static final int INTERNAL = 1;
    /** Bad usage: unknown flag, missing or invalid argument (for example a project name). */
    public static final int USAGE = 2;
    /** Setup problem: no stack, no credentials, no region, emulator not running. */
    public static final int CONFIGURATION = 3;
    /** The project (or its box) does not exist. */
    public static final int NOT_FOUND = 4;
    /** The project is in a state that does not allow this now (a box runs, a launch is under way). */
    public static final int CONFLICT = 5;
    /** AWS refused or failed a request (permissions, limits, capacity). */
    public static final int AWS = 6;
    /** Waiting gave up before the project reached the awaited state. */
    public static final int TIMEOUT = 7;
    /** The project is FAILED: `devbox status` says what happened and what to run. */
    public static final int PROJECT_FAILED = 8;
    /** The user said no at a confirmation prompt. */
    public static final int ABORTED = 9;
    /** The stack's team rules refuse it: instance type, running-box quota, volume size, SSH range. */
    public static final int POLICY = 10;
    /** Another developer's project (or --owner/--all without being an admin of the stack). */
    public static final int FORBIDDEN = 11;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    /** The table printed under "Exit codes:" in --help; docs/cli.md repeats it. */
    static final String[][] HELP_TABLE = {
        {"0", "success"},
        {"1", "internal error (rerun with --verbose)"},
        {"2", "bad usage: unknown flag, invalid argument or project name"},
        {"3", "setup: no stack, credentials or region; emulator not running"},
        {"4", "project or box not found"},
        {"5", "conflict: a box runs, or a launch or save is under way"},
        {"6", "AWS refused or failed a request"},
        {"7", "timed out while waiting"},
        {"8", "the project is FAILED (see devbox status)"},
        {"9", "aborted at a confirmation prompt"},
        {"10", "refused by the stack's team rules (type, quota, size, SSH range)"},
        {"11", "another developer's project (admins: --owner NAME)"},
        {"130", "interrupted"},
    };

    private ExitCode() {
    }
}
