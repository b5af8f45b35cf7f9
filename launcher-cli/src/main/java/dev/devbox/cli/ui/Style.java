package dev.devbox.cli.ui;

/**
 * ANSI styling that turns itself off: colour only on a terminal, never when NO_COLOR is set
 * (https://no-color.org: any non-empty value), TERM=dumb or --no-color.
 */
public final class Style {
    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    public static Style of(boolean terminal, String noColor, String term, boolean noColorFlag) {
        boolean off = noColorFlag || !terminal || (noColor != null && !noColor.isEmpty()) || "dumb".equals(term);
        return new Style(!off);
    }

    public static Style plain() {
        return new Style(false);
    }

    public boolean enabled() {
        return enabled;
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String cyan(String s) {
        return wrap("36", s);
    }

    /** A project state, coloured by what it means to the user. */
    public String state(String state) {
        return switch (state) {
            case "READY" -> green(state);
            case "RUNNING" -> cyan(state);
            case "FAILED" -> red(state);
            default -> yellow(state);
        };
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
