package dev.devbox.cli.project;

import java.nio.file.Path;

/**
 * What a new project's first boot is to do besides devbox's own setup: the user's
 * {@code --user-data} file and {@code --dotfiles} repository, either or both absent.
 */
public record FirstBootSetup(UserDataFile userData, String dotfilesUrl) {
    public static final FirstBootSetup NONE = new FirstBootSetup(null, null);

    /** Reads and checks what `devbox launch` was given (nulls: not given). */
    public static FirstBootSetup of(Path userDataFile, String dotfiles) {
        return new FirstBootSetup(userDataFile == null ? null : UserDataFile.read(userDataFile),
                dotfiles == null ? null : DotfilesUrl.validate(dotfiles));
    }

    public boolean isEmpty() {
        return userData == null && dotfilesUrl == null;
    }

    /** A shell script for the first-boot part to run (a #cloud-config goes in a part of its own). */
    boolean hasScript() {
        return userData != null && userData.kind() == UserDataFile.Kind.SHELL_SCRIPT;
    }

    boolean hasCloudConfig() {
        return userData != null && userData.kind() == UserDataFile.Kind.CLOUD_CONFIG;
    }

    /** The options given, for messages: "--user-data and --dotfiles". */
    String options() {
        return userData != null && dotfilesUrl != null ? "--user-data and --dotfiles"
                : userData != null ? "--user-data" : "--dotfiles";
    }
}
