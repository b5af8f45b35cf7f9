package dev.devbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.devbox.pipeline.Fixtures.cycle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log line is an interface (CloudWatch queries read its fields): its shape, field by field. */
class StepLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StepLog log = new StepLog(new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void oneJsonLinePerStepWithTheFactsAsFields() throws Exception {
        log.step("take-snapshot").cycle(cycle(3)).with("volume", "vol-1").with("attempt", 2).with("absent", null)
                .outcome("created");

        List<String> lines = lines();
        assertEquals(1, lines.size());
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertEquals("INFO", line.get("level").asText());
        assertEquals("devbox pipeline step", line.get("message").asText());
        assertEquals("take-snapshot", line.get("step").asText());
        assertEquals("web", line.get("project").asText());
        assertEquals(3, line.get("generation").asLong());
        assertTrue(line.get("generation").isNumber());
        assertEquals("vol-1", line.get("volume").asText());
        assertTrue(line.get("attempt").isNumber());
        assertFalse(line.has("absent"), "null facts are left out");
        assertEquals("created", line.get("outcome").asText());
        assertTrue(line.get("durationMs").asLong() >= 0);
    }

    @Test
    void warningsCarryTheWarnLevel() throws Exception {
        log.step("retire-image").with("stage", dev.devbox.domain.ProjectState.READY).warn("snapshot-in-use");

        JsonNode line = new ObjectMapper().readTree(lines().get(0));
        assertEquals("WARN", line.get("level").asText());
        assertEquals("READY", line.get("stage").asText());
        assertEquals("snapshot-in-use", line.get("outcome").asText());
    }

    @Test
    void theDurationIsTheStepsElapsedTime() throws Exception {
        StepLog.Step step = log.step("slow");
        Thread.sleep(30);
        step.outcome("done");

        long ms = new ObjectMapper().readTree(lines().get(0)).get("durationMs").asLong();
        assertTrue(ms >= 30 && ms < Duration.ofMinutes(1).toMillis(), "durationMs " + ms);
    }

    @Test
    void settingsRefuseAnEmptyStackAndNoRetainedImage() {
        assertThrows(IllegalArgumentException.class, () -> PipelineSettings.defaults(" "));
        assertThrows(IllegalArgumentException.class, () -> PipelineSettings.defaults("dev").withRetainImages(0));
        PipelineSettings one = PipelineSettings.defaults("dev").withRetainImages(1).withStuckAfter(Duration.ofMinutes(5));
        assertEquals(new PipelineSettings("dev", 1, Duration.ofMinutes(5), 3, 3, ""), one);
        assertEquals(new PipelineSettings("dev", PipelineSettings.DEFAULT_RETAIN_IMAGES,
                PipelineSettings.DEFAULT_STUCK_AFTER, 3, 3, ""), PipelineSettings.defaults("dev"));
        assertEquals("3f2a9c10", PipelineSettings.defaults("dev").withDeployment("3f2a9c10").deployment());
        assertThrows(IllegalArgumentException.class, () -> PipelineSettings.defaults("dev").withDeployment("a/b"),
                "a deployment id goes into AMI names: letters and digits only");
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
