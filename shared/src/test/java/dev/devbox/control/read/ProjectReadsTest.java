package dev.devbox.control.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.domain.IdleReport;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ReadEc2;
import dev.devbox.port.ReadEc2.BoxFacts;
import dev.devbox.port.ReadEc2.ImageDisk;
import dev.devbox.port.ReadEc2.ImageFacts;
import dev.devbox.port.ReadEc2.VolumeFacts;
import dev.devbox.port.ReadEc2.VolumeInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.devbox.control.launch.BoxRunner.TAG_IDLE_MINUTES;
import static dev.devbox.control.launch.BoxRunner.TAG_INIT_RATE;
import static dev.devbox.domain.ResourceNames.TAG_GENERATION;
import static dev.devbox.domain.ResourceNames.TAG_OWNER;
import static dev.devbox.domain.ResourceNames.TAG_PROJECT;
import static dev.devbox.domain.ResourceNames.TAG_STACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/** The read actions (project, list, status, history): which boxes they show, what they ask EC2, and what they reply. */
class ProjectReadsTest {
    private static final String STACK = "dev";
    private static final String OWNER = "arn:aws:iam::123456789012:user/alice";
    private static final Instant NOW = Instant.parse("2027-01-05T10:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant LAUNCHED = Instant.parse("2027-01-05T08:00:00Z");

    private final ReadEc2 ec2 = mock(ReadEc2.class);
    private final ControlEc2 consoles = mock(ControlEc2.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final ProjectReads reads = new ProjectReads(ec2, consoles, cycles, PipelineSettings.defaults(STACK),
            Clock.fixed(NOW, ZoneOffset.UTC), new StepLog(new PrintStream(OutputStream.nullOutputStream())));

    /** Alice's project {@code name} in {@code state}, saved last as {@code imageId}. */
    private static Project project(String name, ProjectState state, long generation, String instanceId,
                                   String imageId) {
        return new Project(ProjectName.of(name), state, generation, SINCE, OWNER, instanceId, imageId,
                imageId == null ? null : generation - 1, null, 0, 0, null, 0, false, null);
    }

    /** The tags the launch gives a box of {@code name}'s cycle {@code generation}, for Alice. */
    private static Map<String, String> tags(String name, long generation) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_STACK, STACK);
        tags.put(TAG_PROJECT, name);
        tags.put(TAG_GENERATION, Long.toString(generation));
        tags.put(TAG_OWNER, OWNER);
        return tags;
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.put(key, value);
        return copy;
    }

    /** A running on-demand t3.small in us-east-1a with all three addresses. */
    private static BoxFacts box(String id, Map<String, String> tags) {
        return new BoxFacts(id, "running", null, "t3.small", "203.0.113.10", "ec2-203-0-113-10.compute-1.amazonaws.com",
                "10.0.0.10", "devbox-alice", LAUNCHED, "us-east-1a", false, tags);
    }

    private static BoxFacts spotBox(String id, String type, String zone, Map<String, String> tags) {
        return new BoxFacts(id, "running", null, type, null, null, "10.0.0.20", "devbox-alice", LAUNCHED, zone, true,
                tags);
    }

    private static ImageFacts image(String imageId, String project, String generation, int... sizes) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_STACK, STACK);
        if (project != null) {
            tags.put(TAG_PROJECT, project);
        }
        if (generation != null) {
            tags.put(TAG_GENERATION, generation);
        }
        List<ImageDisk> disks = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            disks.add(new ImageDisk("/dev/sd" + (char) ('a' + i), "snap-" + imageId + "-" + i, "gp3", sizes[i]));
        }
        return new ImageFacts(imageId, Instant.parse("2026-11-0" + (1 + sizes.length) + "T12:00:00Z"), tags, disks);
    }

    private static List<GenerationView.Disk> disks(ImageFacts image) {
        return image.disks().stream().map(d -> new GenerationView.Disk(d.device(), d.snapshotId(), d.type(),
                d.sizeGiB())).toList();
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<Collection<String>> ids() {
        return ArgumentCaptor.forClass(Collection.class);
    }

    private Set<String> askedBoxes() {
        ArgumentCaptor<Collection<String>> asked = ids();
        verify(ec2).boxes(asked.capture());
        return Set.copyOf(asked.getValue());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> reply) {
        return (List<Map<String, Object>>) reply.get("projects");
    }

    // --- look ---

    
    // `address` (nor idleMinutes/initRateMiBs) and carries every tag of the box; see the next test for the
    // consequence on the wire.
    @Test
    void lookShowsTheBoxWhoseTagsNameTheProjectsCycleAndOwner() {
        Project web = project("web", ProjectState.RUNNING, 2, "i-1", "ami-1");
        Map<String, String> tags = with(with(tags("web", 2), TAG_IDLE_MINUTES, "60"), TAG_INIT_RATE, "300");
        when(ec2.boxes(any())).thenReturn(List.of(box("i-1", tags)));

        Map<String, Object> reply = reads.look(web);

        assertEquals(ProjectView.of(web), reply.get("project"));
        assertEquals(new BoxView("i-1", "running", null, "t3.small", "203.0.113.10", true, "devbox-alice",
                LAUNCHED.toString(), "us-east-1a", false, 60, 300, List.of(), null, null), reply.get("box"));
        assertEquals(Set.of("i-1"), askedBoxes());
        verifyNoMoreInteractions(ec2);
        verifyNoInteractions(consoles, cycles);
    }

    // The endpoint writes replies with a plain ObjectMapper, which refuses java.time types: a reply
    // holding the port's BoxFacts (an Instant) dropped every `project` request whose box was shown.
    @Test
    void lookRepliesWithJsonTheControlEndpointCanWrite() throws Exception {
        Project web = project("web", ProjectState.RUNNING, 2, "i-1", "ami-1");
        when(ec2.boxes(any())).thenReturn(List.of(box("i-1", tags("web", 2))));

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(reads.look(web)));

        assertEquals("203.0.113.10", json.path("box").path("address").asText());
        assertEquals("devbox-alice", json.path("box").path("keyName").asText());
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource({
            "devbox:generation, 1",
            "devbox:owner, arn:aws:iam::123456789012:user/mallory",
            "devbox:stack, prod",
            "devbox:project, api",
            "devbox:owner, ''",
            "devbox:owner,",
    })
    void lookDoesNotShowABoxWhoseTagsNameAnotherCycleOwnerOrStack(String key, String value) {
        Project web = project("web", ProjectState.RUNNING, 2, "i-1", "ami-1");
        when(ec2.boxes(any())).thenReturn(List.of(box("i-1", with(tags("web", 2), key, value))));

        Map<String, Object> reply = reads.look(web);

        assertNull(reply.get("box"), "a box tagged " + key + "=" + value);
        assertEquals(ProjectView.of(web), reply.get("project"));
        assertEquals(Set.of("i-1"), askedBoxes());
    }

    @Test
    void lookDoesNotShowABoxEc2ReportsUnderAnotherId() {
        Project web = project("web", ProjectState.RUNNING, 2, "i-1", "ami-1");
        when(ec2.boxes(any())).thenReturn(List.of(box("i-other", tags("web", 2))));

        assertNull(reads.look(web).get("box"));
    }

    @Test
    void aReadyProjectAsksEc2ForNoBoxEvenWithAnInstanceIdOnRecord() {
        Project web = project("web", ProjectState.READY, 2, "i-1", "ami-2");
        when(ec2.boxes(any())).thenReturn(List.of(box("i-1", tags("web", 2))));

        Map<String, Object> reply = reads.look(web);

        assertNull(reply.get("box"));
        assertEquals(Set.of(), askedBoxes(), "no instance id is asked for");
        verifyNoMoreInteractions(ec2);
    }

    // --- list ---

    @Test
    void listReadsEc2InOneBatchPerKindAndSpotPricesOncePerTypeAndZone() {
        Project web = project("web", ProjectState.RUNNING, 10, "i-1", "ami-9");
        Project api = project("api", ProjectState.RUNNING, 2, "i-2", "ami-a1");
        Project ml = project("ml", ProjectState.RUNNING, 1, "i-3", null);
        Project db = project("db", ProjectState.RUNNING, 4, "i-4", "ami-d3");
        Project docs = project("docs", ProjectState.READY, 3, "i-5", "ami-o3");
        Project old = project("old", ProjectState.FAILED, 1, "i-6", null);
        BoxFacts webBox = spotBox("i-1", "t3.small", "us-east-1a", with(tags("web", 10), TAG_IDLE_MINUTES, "30"));
        BoxFacts apiBox = spotBox("i-2", "t3.small", "us-east-1a", tags("api", 2));
        BoxFacts mlBox = spotBox("i-3", "g5.xlarge", "us-east-1b", tags("ml", 1));
        BoxFacts dbBox = new BoxFacts("i-4", "running", null, "m5.large", "203.0.113.44", null, "10.0.0.44",
                "devbox-alice", LAUNCHED, "us-east-1c", false, tags("db", 4));
        when(ec2.boxes(any())).thenReturn(List.of(webBox, apiBox, mlBox, dbBox));
        when(ec2.attachedVolumes(any())).thenReturn(List.of(
                new VolumeFacts("vol-w2", "i-1", "/dev/sdf", "gp3", 100),
                new VolumeFacts("vol-a1", "i-2", "/dev/sda1", "gp3", 20),
                new VolumeFacts("vol-w1", "i-1", "/dev/sda1", "gp3", 30)));
        when(ec2.spotPrice(eq("t3.small"), eq("us-east-1a"), any())).thenReturn(Optional.of(new BigDecimal("0.0071")));
        when(ec2.spotPrice(eq("g5.xlarge"), eq("us-east-1b"), any())).thenReturn(Optional.of(new BigDecimal("0.4023")));
        when(ec2.spotPrice(eq("m5.large"), anyString(), any())).thenReturn(Optional.of(new BigDecimal("0.0300")));

        List<Map<String, Object>> rows = rows(reads.list(List.of(web, api, ml, db, docs, old)));

        assertEquals(List.of("web", "api", "ml", "db", "docs", "old"),
                rows.stream().map(r -> ((ProjectView) r.get("project")).project()).toList());
        assertEquals(Set.of("i-1", "i-2", "i-3", "i-4"), askedBoxes(), "the RUNNING projects' boxes, in one call");
        ArgumentCaptor<Collection<String>> volumesOf = ids();
        verify(ec2).attachedVolumes(volumesOf.capture());
        assertEquals(Set.of("i-1", "i-2", "i-3", "i-4"), Set.copyOf(volumesOf.getValue()));
        verify(ec2).stackImages(STACK);
        verify(ec2).spotPrice("t3.small", "us-east-1a", NOW);
        verify(ec2).spotPrice("g5.xlarge", "us-east-1b", NOW);
        verify(ec2, never()).spotPrice(eq("m5.large"), any(), any());
        verify(ec2, never()).images(any());
        verify(ec2, never()).initialization(any());
        verifyNoMoreInteractions(ec2);
        verifyNoInteractions(consoles, cycles);

        assertEquals(new BoxView("i-1", "running", null, "t3.small", "10.0.0.20", false, "devbox-alice",
                LAUNCHED.toString(), "us-east-1a", true, 30, null, List.of(
                        new BoxView.Volume("vol-w1", "/dev/sda1", "gp3", 30, null, null),
                        new BoxView.Volume("vol-w2", "/dev/sdf", "gp3", 100, null, null)),
                null, new BigDecimal("0.0071")), rows.get(0).get("box"));
        assertEquals(new BigDecimal("0.0071"), ((BoxView) rows.get(1).get("box")).spotPriceUsdPerHour());
        assertEquals(new BigDecimal("0.4023"), ((BoxView) rows.get(2).get("box")).spotPriceUsdPerHour());
        BoxView onDemand = (BoxView) rows.get(3).get("box");
        assertNull(onDemand.spotPriceUsdPerHour(), "an on-demand box has no Spot price");
        assertEquals("203.0.113.44", onDemand.address());
        assertEquals(List.of(), onDemand.volumes());
        assertNull(rows.get(4).get("box"), "a READY project's box is not looked up");
        assertNull(rows.get(5).get("box"));
    }

    @Test
    void listGroupsTheStacksAmisByProjectSortedByGenerationWithTheRecordsImageCurrent() {
        Project web = project("web", ProjectState.READY, 11, null, "ami-9");
        Project api = project("api", ProjectState.READY, 2, null, "ami-a1");
        Project docs = project("docs", ProjectState.FAILED, 1, null, null);
        ImageFacts web10 = image("ami-10", "web", "10", 8, 30);
        ImageFacts web9 = image("ami-9", "web", "9", 8, 20);
        ImageFacts web2 = image("ami-2", "web", "2", 8);
        ImageFacts api1 = image("ami-a1", "api", "1", 16, 4);
        when(ec2.stackImages(STACK)).thenReturn(List.of(web10, api1,
                image("ami-x", "web", "latest", 8),
                image("ami-none", "web", null, 8),
                image("ami-neg", "web", "-3", 8),
                image("ami-other", "other", "1", 8),
                image("ami-untagged", null, "1", 8),
                web2, web9));

        List<Map<String, Object>> rows = rows(reads.list(List.of(web, api, docs)));

        assertEquals(List.of(
                new GenerationView(2, "ami-2", web2.created().toString(), 8L, false, List.of(), disks(web2)),
                new GenerationView(9, "ami-9", web9.created().toString(), 28L, true, List.of(), disks(web9)),
                new GenerationView(10, "ami-10", web10.created().toString(), 38L, false, List.of(), disks(web10))),
                rows.get(0).get("generations"));
        assertEquals(List.of(new GenerationView(1, "ami-a1", api1.created().toString(), 20L, true, List.of(),
                disks(api1))), rows.get(1).get("generations"));
        assertEquals(List.of(), rows.get(2).get("generations"));
        verify(ec2).stackImages(STACK);
        verify(ec2, never()).images(any());
    }

    @ParameterizedTest(name = "[{index}] ip={0} dns={1} private={2} -> {3}")
    @CsvSource({
            "203.0.113.10, ec2-203-0-113-10.compute-1.amazonaws.com, 10.0.0.10, 203.0.113.10, true",
            ", ec2-203-0-113-10.compute-1.amazonaws.com, 10.0.0.10, ec2-203-0-113-10.compute-1.amazonaws.com, false",
            ",, 10.0.0.10, 10.0.0.10, false",
    })
    void theAddressIsThePublicIpElseThePublicDnsElseThePrivateIp(String ip, String dns, String privateIp,
                                                                  String address, boolean publicIpv4) {
        Project web = project("web", ProjectState.RUNNING, 2, "i-1", "ami-1");
        when(ec2.boxes(any())).thenReturn(List.of(new BoxFacts("i-1", "running", null, "t3.small", ip, dns,
                privateIp, "devbox-alice", LAUNCHED, "us-east-1a", false, tags("web", 2))));

        BoxView box = (BoxView) rows(reads.list(List.of(web))).get(0).get("box");

        assertEquals(address, box.address());
        assertEquals(publicIpv4, box.publicIpv4());
    }

    @Test
    void anEmptyListAsksForNoAmis() {
        assertEquals(List.of(), rows(reads.list(List.of())));
        verify(ec2, never()).stackImages(any());
        verify(ec2, never()).spotPrice(any(), any(), any());
    }

    // --- status ---

    private static final String CONSOLE = """
            [    5.120] cloud-init[811]: Cloud-init v. 24.1 finished
            devbox-idle: state=active deadline=2027-01-05T10:30:00Z idle-minutes=30 note="first check since boot"
            [  OK  ] Started devbox-idle.service
            devbox-idle: state=warned deadline=2027-01-05T10:05:00Z idle-minutes=30
            Ubuntu 24.04 LTS ip-10-0-0-20 ttyS0
            """;

    private final Project statusProject = project("web", ProjectState.RUNNING, 3, "i-1", "ami-2");
    private final RetainedImage g1 = new RetainedImage(1, "ami-1", List.of("snap-1a"),
            Instant.parse("2026-11-01T09:00:00Z"));
    private final RetainedImage g2 = new RetainedImage(2, "ami-2", List.of("snap-2a", "snap-2b"),
            Instant.parse("2026-11-20T09:00:00Z"));
    private final ImageFacts ami2 = image("ami-2", "web", "2", 30, 100);

    /** The status world: a Spot box with two volumes, one initializing, and two retained generations (one gone from EC2). */
    private void statusWorld(String boxState, Map<String, String> tags) {
        when(ec2.boxes(any())).thenReturn(List.of(new BoxFacts("i-1", boxState, null, "t3.small", null,
                "ec2-198-51-100-20.compute-1.amazonaws.com", "10.0.0.20", "devbox-alice", LAUNCHED, "us-east-1a",
                true, tags)));
        when(ec2.attachedVolumes(any())).thenReturn(List.of(
                new VolumeFacts("vol-b", "i-1", "/dev/sdf", "gp3", 100),
                new VolumeFacts("vol-a", "i-1", "/dev/sda1", "gp3", 30)));
        when(ec2.initialization(any())).thenReturn(Map.of("vol-b", new VolumeInit(42, 600L)));
        when(ec2.spotPrice(any(), any(), any())).thenReturn(Optional.of(new BigDecimal("0.0071")));
        when(consoles.consoleOutput("i-1")).thenReturn(Optional.of(CONSOLE));
        when(cycles.retainedImages(ProjectName.of("web"))).thenReturn(List.of(g2, g1));
        when(ec2.images(any())).thenReturn(List.of(ami2));
    }

    private static Map<String, String> initTags() {
        return with(with(tags("web", 3), TAG_IDLE_MINUTES, "30"), TAG_INIT_RATE, "300");
    }

    private static BoxView statusBox(String state, Integer initRate, List<BoxView.Volume> volumes, IdleReport idle,
                                     BigDecimal spot) {
        return new BoxView("i-1", state, null, "t3.small", "ec2-198-51-100-20.compute-1.amazonaws.com", false,
                "devbox-alice", LAUNCHED.toString(), "us-east-1a", true, 30, initRate, volumes, idle, spot);
    }

    private static final List<BoxView.Volume> UNREPORTED = List.of(
            new BoxView.Volume("vol-a", "/dev/sda1", "gp3", 30, null, null),
            new BoxView.Volume("vol-b", "/dev/sdf", "gp3", 100, null, null));

    private List<GenerationView> statusGenerations() {
        return List.of(
                new GenerationView(1, "ami-1", "2026-11-01T09:00:00Z", null, false, List.of("snap-1a"), List.of()),
                new GenerationView(2, "ami-2", "2026-11-20T09:00:00Z", 130L, true, List.of("snap-2a", "snap-2b"),
                        disks(ami2)));
    }

    @Test
    void statusOfARunningBoxHasItsSortedVolumesInitializationIdleReportAndSpotPrice() {
        statusWorld("running", initTags());

        Map<String, Object> reply = reads.status(statusProject);

        assertEquals(ProjectView.of(statusProject), reply.get("project"));
        assertEquals(statusBox("running", 300, List.of(
                        new BoxView.Volume("vol-a", "/dev/sda1", "gp3", 30, null, null),
                        new BoxView.Volume("vol-b", "/dev/sdf", "gp3", 100, 42L, 600L)),
                new IdleReport("warned", "2027-01-05T10:05:00Z", 30), new BigDecimal("0.0071")), reply.get("box"));
        assertEquals(statusGenerations(), reply.get("generations"));
        ArgumentCaptor<Collection<String>> volumes = ids();
        verify(ec2).initialization(volumes.capture());
        assertEquals(Set.of("vol-a", "vol-b"), Set.copyOf(volumes.getValue()));
        ArgumentCaptor<Collection<String>> images = ids();
        verify(ec2).images(images.capture());
        assertEquals(Set.of("ami-1", "ami-2"), Set.copyOf(images.getValue()));
        verify(ec2).spotPrice("t3.small", "us-east-1a", NOW);
        verify(consoles).consoleOutput("i-1");
    }

    @Test
    void aBoxLaunchedWithoutAnInitRateIsNotAskedForInitialization() {
        statusWorld("running", with(tags("web", 3), TAG_IDLE_MINUTES, "30"));

        BoxView box = (BoxView) reads.status(statusProject).get("box");

        assertEquals(statusBox("running", null, UNREPORTED, new IdleReport("warned", "2027-01-05T10:05:00Z", 30),
                new BigDecimal("0.0071")), box);
        verify(ec2, never()).initialization(any());
    }

    @Test
    void anUnreadableConsoleLeavesTheIdleReportEmptyAndTheRestOfTheReplyIntact() {
        statusWorld("running", initTags());
        when(consoles.consoleOutput("i-1")).thenThrow(new IllegalStateException("GetConsoleOutput throttled"));

        Map<String, Object> reply = reads.status(statusProject);

        assertEquals(statusBox("running", 300, List.of(
                        new BoxView.Volume("vol-a", "/dev/sda1", "gp3", 30, null, null),
                        new BoxView.Volume("vol-b", "/dev/sdf", "gp3", 100, 42L, 600L)),
                null, new BigDecimal("0.0071")), reply.get("box"));
        assertEquals(statusGenerations(), reply.get("generations"));
    }

    @Test
    void aConsoleWithoutAnIdleLineLeavesTheIdleReportEmpty() {
        statusWorld("running", initTags());
        when(consoles.consoleOutput("i-1")).thenReturn(Optional.of("[  OK  ] Reached target Multi-User System.\n"));

        assertNull(((BoxView) reads.status(statusProject).get("box")).idle());
    }

    @Test
    void aBoxShuttingDownGetsNoConsoleReadNoSpotPriceAndNoInitialization() {
        statusWorld("shutting-down", initTags());

        Map<String, Object> reply = reads.status(statusProject);

        assertEquals(statusBox("shutting-down", 300, UNREPORTED, null, null), reply.get("box"));
        assertEquals(statusGenerations(), reply.get("generations"));
        verifyNoInteractions(consoles);
        verify(ec2, never()).spotPrice(any(), any(), any());
        verify(ec2, never()).initialization(any());
    }

    @Test
    void statusOfAReadyProjectHasNoBoxAndStillItsGenerations() {
        statusWorld("running", initTags());
        Project ready = project("web", ProjectState.READY, 3, "i-1", "ami-2");

        Map<String, Object> reply = reads.status(ready);

        assertNull(reply.get("box"));
        assertEquals(statusGenerations(), reply.get("generations"));
        assertEquals(Set.of(), askedBoxes());
        verify(ec2, never()).attachedVolumes(any());
        verifyNoInteractions(consoles);
    }

    // --- history ---

    @Test
    void historyListsTheTablesGenerationsOldestFirstWithTheRecordsImageCurrent() {
        Project web = project("web", ProjectState.READY, 4, null, "ami-2"); // rolled back: ami-3 is newer
        RetainedImage g3 = new RetainedImage(3, "ami-3", List.of("snap-3a"), Instant.parse("2026-11-25T09:00:00Z"));
        ImageFacts ami1 = image("ami-1", "web", "1", 30);
        ImageFacts ami3 = image("ami-3", "web", "3", 30, 100, 50);
        when(cycles.retainedImages(ProjectName.of("web"))).thenReturn(List.of(g3, g1, g2));
        when(ec2.images(any())).thenReturn(List.of(ami3, ami1, ami2));

        Map<String, Object> reply = reads.history(web);

        assertEquals(Set.of("project", "generations"), reply.keySet());
        assertEquals(ProjectView.of(web), reply.get("project"));
        assertEquals(List.of(
                new GenerationView(1, "ami-1", "2026-11-01T09:00:00Z", 30L, false, List.of("snap-1a"), disks(ami1)),
                new GenerationView(2, "ami-2", "2026-11-20T09:00:00Z", 130L, true, List.of("snap-2a", "snap-2b"),
                        disks(ami2)),
                new GenerationView(3, "ami-3", "2026-11-25T09:00:00Z", 180L, false, List.of("snap-3a"),
                        disks(ami3))), reply.get("generations"));
        verify(ec2, never()).boxes(any());
        verifyNoInteractions(consoles);
    }
}
