package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading the idle timer's newest report out of a box's console text. */
class IdleReportTest {

    @Test
    void theNewestReportInTheConsoleIsTaken() {
        String console = """
                [    5.120] cloud-init[811]: Cloud-init v. 24.1 finished
                devbox-idle: state=active deadline=2027-01-05T10:30:00Z idle-minutes=30 note="first check since boot"
                [  OK  ] Started devbox-idle.service
                devbox-idle: state=held deadline=2027-01-05T12:00:00Z idle-minutes=45
                devbox-idle: state=warned deadline=2027-01-05T12:05:00Z idle-minutes=45
                Ubuntu 24.04 LTS ip-10-0-0-20 ttyS0
                """;

        assertEquals(Optional.of(new IdleReport("warned", "2027-01-05T12:05:00Z", 45)), IdleReport.latestIn(console));
    }

    @Test
    void aReportWithANoteKeepsItsDeadlineAndMinutes() {
        assertEquals(Optional.of(new IdleReport("active", "2027-01-05T10:30:00Z", 30)), IdleReport.latestIn(
                "devbox-idle: state=active deadline=2027-01-05T10:30:00Z idle-minutes=30 note=\"first check since boot\""));
    }

    @Test
    void aReportWithOnlyAStateHasNoDeadlineNorMinutes() {
        assertEquals(Optional.of(new IdleReport("disabled", null, null)),
                IdleReport.latestIn("devbox-idle: state=disabled (IDLE_MINUTES=0 in /etc/devbox-idle.conf)\n"));
        assertEquals(Optional.of(new IdleReport("disabled", null, null)),
                IdleReport.latestIn("devbox-idle: state=disabled"));
    }

    @Test
    void aStateOnlyReportAfterAFullOneIsTheNewest() {
        String console = "devbox-idle: state=idle deadline=2027-01-05T10:30:00Z idle-minutes=30\n"
                + "devbox-idle: state=disabled (IDLE_MINUTES=0 in /etc/devbox-idle.conf)\n";

        assertEquals(Optional.of(new IdleReport("disabled", null, null)), IdleReport.latestIn(console));
    }

    @Test
    void noConsoleOrNoReportGivesNothing() {
        assertEquals(Optional.empty(), IdleReport.latestIn(null));
        assertEquals(Optional.empty(), IdleReport.latestIn(""));
        assertEquals(Optional.empty(), IdleReport.latestIn("[  OK  ] Reached target Multi-User System.\n"
                + "devbox-idle: nobody has used this box for a while; it will terminate in about 5 minute(s)\n"));
    }
}
