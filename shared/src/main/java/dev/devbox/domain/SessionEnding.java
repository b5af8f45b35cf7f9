package dev.devbox.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * How a cycle's box ended, as devbox's own records tell it: EC2's state reason that the pipeline
 * read when it saw the box terminated, and whether the control plane's `terminate` (the CLI) asked
 * for it. The next box's login message says it (the box's own record of an idle or Spot ending, on
 * its saved disk, takes precedence there: it knows why the OS powered off).
 */
public record SessionEnding(long generation, Cause cause, Instant at) {
    /** Why, in the words the box's login message script reads. */
    public enum Cause {
        /** `devbox terminate`: the control plane asked EC2. */
        CLI("cli"),
        /** Terminated through the EC2 API or console by anyone else. */
        API("api"),
        /** Powered off from inside the OS (the launch template terminates on shutdown). */
        INSIDE("inside"),
        /** EC2 reclaimed the Spot capacity. */
        SPOT("spot"),
        /** A reason EC2 gives that devbox does not know. */
        UNKNOWN("unknown");

        private final String word;

        Cause(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public static final String USER_INITIATED = "Client.UserInitiatedShutdown";
    public static final String INSTANCE_INITIATED = "Client.InstanceInitiatedShutdown";
    public static final String SPOT_TERMINATION = "Server.SpotInstanceTermination";

    public SessionEnding {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
        at = at.truncatedTo(ChronoUnit.SECONDS);
    }

    /** EC2's StateReason code, and whether devbox's own terminate asked for this cycle's ending. */
    public static Cause causeOf(String stateReasonCode, boolean terminateAsked) {
        if (SPOT_TERMINATION.equals(stateReasonCode)) {
            return Cause.SPOT;
        }
        if (INSTANCE_INITIATED.equals(stateReasonCode)) {
            return Cause.INSIDE;
        }
        if (terminateAsked) {
            return Cause.CLI;
        }
        return USER_INITIATED.equals(stateReasonCode) ? Cause.API : Cause.UNKNOWN;
    }

    /**
     * The newest ending the records hold: the pipeline's, combined with a terminate asked for in the
     * same cycle; or only the asked terminate when the pipeline has not recorded that cycle (yet).
     *
     * @param endedGeneration cycle the pipeline recorded an ending for (null: none)
     * @param askedGeneration cycle the control plane's terminate was asked for (null: none)
     */
    public static Optional<SessionEnding> combine(Long endedGeneration, String endedReason, Instant endedAt,
                                                  Long askedGeneration, Instant askedAt) {
        if (endedGeneration != null && endedAt != null
                && (askedGeneration == null || endedGeneration >= askedGeneration)) {
            boolean asked = endedGeneration.equals(askedGeneration);
            return Optional.of(new SessionEnding(endedGeneration, causeOf(endedReason, asked), endedAt));
        }
        if (askedGeneration != null && askedAt != null) {
            return Optional.of(new SessionEnding(askedGeneration, Cause.CLI, askedAt));
        }
        return Optional.empty();
    }

    /** The line the box's login message script reads: {@code cli 6 2026-12-07T10:14:55Z}. */
    public String record() {
        return cause.word() + " " + generation + " " + at;
    }
}
