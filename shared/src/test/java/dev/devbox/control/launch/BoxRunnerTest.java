package dev.devbox.control.launch;

import dev.devbox.control.ControlSettings;
import dev.devbox.control.SshRules;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.ProjectName;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.port.Ec2RefusedException;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.LaunchEc2.BoxDisk;
import dev.devbox.port.LaunchEc2.BoxSpec;
import dev.devbox.port.LaunchEc2.ImageDisk;
import dev.devbox.port.LaunchEc2.LaunchImage;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** What one RunInstances is made of, and which of EC2's refusals move it to the next subnet or market. */
class BoxRunnerTest {
    private static final CycleRef CYCLE = new CycleRef(ProjectName.of("web"), 3);
    private static final LaunchImage SAVED = new LaunchImage("ami-2", "123456789012", "/dev/sda1", List.of(
            new ImageDisk("/dev/sda1", "snap-root", 30), new ImageDisk("/dev/sdf", "snap-data", 50),
            new ImageDisk("/dev/sdg", null, null)));
    private final LaunchEc2 ec2 = mock(LaunchEc2.class);
    private final BoxRunner runner = new BoxRunner(ec2, new ControlSettings("sg-box", "lt-box",
            List.of("subnet-a", "subnet-b"), null, null, Duration.ZERO), PipelineSettings.defaults("dev"));

    private static BoxRunner.Box box(LaunchAsk ask, String cidr) {
        return new BoxRunner.Box(CYCLE, "alice", new LaunchImages.Chosen(SAVED, "project", 2L), 40, "k", cidr, ask);
    }

    private static LaunchAsk ask(Integer idle, Boolean spot, Boolean fallback, Integer rate) {
        return new LaunchAsk("t3.small", null, idle, spot, fallback, null, rate, null, "key", "dWQ=");
    }

    private List<BoxSpec> runs(int times) {
        ArgumentCaptor<BoxSpec> run = ArgumentCaptor.forClass(BoxSpec.class);
        verify(ec2, times(times)).run(run.capture());
        return run.getAllValues();
    }

    @Test
    void aSavedImagesVolumesKeepTheirTypeAndSizeTheRootGrowsAndOnlyRestoredOnesGetTheRate() {
        doReturn("i-1").when(ec2).run(any());
        runner.start(box(ask(null, null, null, 200), null), n -> { });
        BoxSpec run = runs(1).get(0);
        assertEquals(List.of(new BoxDisk("/dev/sda1", "snap-root", 40, false, 200, null),
                new BoxDisk("/dev/sdf", "snap-data", 50, false, 200, null),
                new BoxDisk("/dev/sdg", null, null, false, null, null)), run.disks());
        assertEquals("0", run.instanceTags().get(BoxRunner.TAG_IDLE_MINUTES), "no idle limit asked: tagged 0");
        assertEquals("200", run.instanceTags().get(BoxRunner.TAG_INIT_RATE));
        assertFalse(run.instanceTags().containsKey(SshRules.TAG_SSH_CIDR), "no range opened: none tagged");
        assertFalse(run.volumeTags().containsKey(BoxRunner.TAG_MARKET), "the market is the instance's");
        assertEquals("t3.small", run.instanceType());
        assertEquals("dWQ=", run.userData());
        assertFalse(run.spot());
    }

    @Test
    void aRefusalOtherThanCapacityStopsAtOnceAndTheLastSubnetsRefusalIsThrown() {
        Ec2RefusedException bad = new Ec2RefusedException("InvalidParameterValue", "no", null);
        doThrow(bad).when(ec2).run(any());
        assertSame(bad, assertThrows(Ec2RefusedException.class, () -> runner.start(box(ask(5, null, null, null),
                "198.51.100.7/32"), n -> { })));
        assertEquals(1, runs(1).size(), "not retried in the next subnet");

        Ec2RefusedException none = new Ec2RefusedException("InsufficientInstanceCapacity", "none", null);
        doThrow(none).when(ec2).run(any());
        List<String> notes = new ArrayList<>();
        assertSame(none, assertThrows(Ec2RefusedException.class, () -> runner.start(box(ask(5, null, null, null),
                null), notes::add)));
        assertEquals(List.of("No capacity in subnet-a (InsufficientInstanceCapacity): trying the next subnet."), notes);
        List<BoxSpec> all = runs(3);
        assertEquals("198.51.100.7/32", all.get(0).instanceTags().get(SshRules.TAG_SSH_CIDR));
        assertEquals(List.of("subnet-a", "subnet-a", "subnet-b"), all.stream().map(BoxSpec::subnetId).toList());
    }

    @Test
    void spotTriesEverySubnetThenFallsBackOnlyForCapacityAndOnlyWhenAsked() {
        Ec2RefusedException none = new Ec2RefusedException("capacity-not-available", "none", null);
        doThrow(none).doThrow(none).doReturn("i-od").when(ec2).run(any());
        List<String> notes = new ArrayList<>();
        BoxRunner.Started started = runner.start(box(ask(60, true, true, null), null), notes::add);
        assertEquals(new BoxRunner.Started("i-od", false, true), started);
        List<BoxSpec> all = runs(3);
        assertEquals(List.of(true, true, false), all.stream().map(BoxSpec::spot).toList());
        assertEquals(List.of("devbox-dev-web-g3-spot0", "devbox-dev-web-g3-spot1", "devbox-dev-web-g3-s0"),
                all.stream().map(BoxSpec::clientToken).toList());
        assertEquals("spot", all.get(0).instanceTags().get(BoxRunner.TAG_MARKET));
        assertEquals("on-demand", all.get(2).instanceTags().get(BoxRunner.TAG_MARKET));
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(1).contains("No Spot capacity for t3.small (capacity-not-available): starting on demand"),
                notes.toString());

        Ec2RefusedException denied = new Ec2RefusedException("UnauthorizedOperation", "no", null);
        doThrow(denied).when(ec2).run(any());
        assertSame(denied, assertThrows(Ec2RefusedException.class, () -> runner.start(box(ask(60, true, true, null),
                null), n -> { })), "not a capacity refusal: no fallback");
    }

    @Test
    void clientTokensAreAtMost64CharactersAndStableForARetry() {
        String hashed = BoxRunner.clientToken("s".repeat(60), CYCLE, "s0");
        assertEquals(hashed, BoxRunner.clientToken("s".repeat(60), CYCLE, "s0"));
        assertEquals(7 + 48, hashed.length());
        assertEquals("devbox-dev-web-g3-s1", BoxRunner.clientToken("dev", CYCLE, "s1"));
        String sixtyFour = "devbox-" + "x".repeat(47) + "-web-g3-s0";
        assertEquals(64, sixtyFour.length());
        assertEquals(sixtyFour, BoxRunner.clientToken("x".repeat(47), CYCLE, "s0"), "64 is kept as it is");
        assertEquals(55, BoxRunner.clientToken("x".repeat(48), CYCLE, "s0").length(), "65 is hashed");
    }
}
