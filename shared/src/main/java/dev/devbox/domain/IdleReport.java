package dev.devbox.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a box's idle timer last said on its console: {@code devbox-idle: state=PHASE
 * deadline=ISO idle-minutes=N}, printed on each change of phase (the box script's grammar).
 * {@code deadline} and {@code minutes} are null for phases that have none.
 */
public record IdleReport(String phase, String deadline, Integer minutes) {
    private static final Pattern LINE = Pattern.compile(
            "devbox-idle: state=([a-z]+)(?: deadline=(\\S+) idle-minutes=(\\d{1,9}))?");

    /** The newest report in console text, if any. */
    public static Optional<IdleReport> latestIn(String console) {
        if (console == null) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(console);
        IdleReport found = null;
        while (m.find()) {
            found = new IdleReport(m.group(1), m.group(2), m.group(3) == null ? null : Integer.valueOf(m.group(3)));
        }
        return Optional.ofNullable(found);
    }
}
