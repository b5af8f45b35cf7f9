package dev.devbox.cli.ui;

/** What a command prints on stdout: a table or sentences for people, or JSON for scripts. */
public enum OutputFormat {
    text, json
}
