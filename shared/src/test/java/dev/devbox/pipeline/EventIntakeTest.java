package dev.devbox.pipeline;

import dev.devbox.event.PipelineEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A malformed event is acknowledged (retrying cannot fix it) and logged without its payload. */
class EventIntakeTest {
    private static final String SECRET = "s3cr3t-token";
    private static final String INSTANCE_EVENT = "{\"id\":\"e-1\",\"detail-type\":\"EC2 Instance State-change Notification\","
            + "\"source\":\"aws.ec2\",\"detail\":{\"instance-id\":\"i-1\",\"state\":\"running\"}}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EventIntake intake = new EventIntake(new StepLog(new PrintStream(out, true, StandardCharsets.UTF_8)));

    @Test
    void aWellFormedEventIsReadFromTextOrBytes() {
        assertInstanceOf(PipelineEvent.InstanceEvent.class, intake.read(INSTANCE_EVENT).orElseThrow());
        assertInstanceOf(PipelineEvent.InstanceEvent.class, intake.read(bytes(INSTANCE_EVENT)).orElseThrow());
        assertEquals("", log());
    }

    @Test
    void aMalformedEventIsDroppedWithAWarningThatDoesNotQuoteIt() {
        String broken = "{\"detail-type\": \"" + SECRET;
        assertTrue(intake.read(broken).isEmpty());
        assertTrue(intake.read(bytes(broken)).isEmpty());

        String log = log();
        assertEquals(2, log.lines().count());
        assertTrue(log.lines().allMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("\"outcome\":\"malformed\"")), log);
        assertFalse(log.contains(SECRET), log);
    }

    @Test
    void anEventOfAnotherKindIsLoggedAsIgnoredWithItsType() {
        PipelineEvent other = intake.read("{\"id\":\"e-2\",\"detail-type\":\"Something\",\"source\":\"my.app\",\"detail\":{}}")
                .orElseThrow();
        intake.ignore(other);
        intake.ignore(intake.read(INSTANCE_EVENT).orElseThrow());

        String[] lines = log().lines().toArray(String[]::new);
        assertTrue(lines[0].contains("\"type\":\"my.app/Something\"") && lines[0].contains("\"event\":\"e-2\""), lines[0]);
        assertTrue(lines[1].contains("\"type\":\"InstanceEvent\""), lines[1]);
        assertTrue(lines[1].contains("\"outcome\":\"ignored-type\""), lines[1]);
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String log() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
