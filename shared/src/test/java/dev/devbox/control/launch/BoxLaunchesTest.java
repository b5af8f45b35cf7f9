package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.LaunchClaims;
import dev.devbox.control.PrivateAccess;
import dev.devbox.control.ProjectDirectory;
import dev.devbox.control.SshOpener;
import dev.devbox.control.SshRules;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.Caller;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.PolicyRefusedException;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.BaseImageSource;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2RefusedException;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.LaunchEc2.BoxSpec;
import dev.devbox.port.LaunchEc2.ImageDisk;
import dev.devbox.port.LaunchEc2.LaunchImage;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The launch in the control plane over mocked ports: everything is judged before anything
 * changes, the image is the project's own or the base image, and a failed RunInstances is
 * looked after (the box found, or the claim released) before the launch gives up.
 */
class BoxLaunchesTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final String STACK = "dev";
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final ProjectName WEB = ProjectName.of("web");
    /** A new project of alice's is keyed for her; one saved before names were per owner keeps "web". */
    private static final ProjectName NEW_WEB = dev.devbox.domain.OwnerNamespace.key(WEB, ALICE);
    private static final String UBUNTU = "ami-0ubuntu";
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvhNm4f1fWd4ETwUqWDDS8fzVc2Fq0v8j4DfpL0T6eN alice@laptop";
    private static final LaunchImage UBUNTU_IMAGE = new LaunchImage(UBUNTU, "099720109477", "/dev/sda1",
            List.of(new ImageDisk("/dev/sda1", "snap-ubuntu", 8)));
    private static final Map<String, String> WEB_TAGS = Map.of("devbox:stack", STACK, "devbox:project", "web");
    private static final LaunchImage SAVED = new LaunchImage("ami-2", "123456789012", "/dev/sda1",
            List.of(new ImageDisk("/dev/sda1", "snap-root", 30), new ImageDisk("/dev/sdf", "snap-data", 50)), WEB_TAGS);

    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final LaunchEc2 ec2 = mock(LaunchEc2.class);
    private final ControlEc2 groups = mock(ControlEc2.class);
    private final BaseImageSource base = mock(BaseImageSource.class);
    private final AdminPolicy policy = AdminPolicy.from(Map.of(AdminPolicy.MAX_VOLUME_GIB, "100",
            AdminPolicy.ALLOWED_SSH_CIDRS, "203.0.113.0/24"));
    private final ControlSettings control = new ControlSettings("sg-box", "lt-box", List.of("subnet-a", "subnet-b"),
            "arn:aws:kms:us-east-1:123456789012:key/k", null, Duration.ZERO);
    private final PipelineSettings settings = PipelineSettings.defaults(STACK);
    private BoxLaunches launches;

    @BeforeEach
    void wire() {
        StepLog log = new StepLog(new PrintStream(OutputStream.nullOutputStream()));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        LaunchClaims claims = new LaunchClaims(projects, new ProjectDirectory(projects), policy, clock, log);
        SshOpener ssh = new SshOpener(new ProjectDirectory(projects), new SshRules(groups, settings, control), policy);
        launches = new BoxLaunches(claims, ssh, new LaunchImages(ec2, cycles, base, control, settings, policy),
                new BoxArchitectures(ec2, control, policy), new LaunchKeys(ec2, settings),
                new BoxRunner(ec2, control, settings), ec2, control, settings,
                new PrivateAccess(PrivateAccess.Policy.ALLOWED, "eice-0123"), log);
        when(base.imageId(ControlSettings.UBUNTU_PARAMETER)).thenReturn(Optional.of(UBUNTU));
        when(ec2.image(UBUNTU)).thenReturn(Optional.of(UBUNTU_IMAGE));
        when(ec2.image("ami-2")).thenReturn(Optional.of(SAVED));
        org.mockito.Mockito.lenient().when(ec2.architectures(anyString())).thenReturn(java.util.Set.of("x86_64"));
        when(projects.list()).thenReturn(List.of());
        when(projects.find(WEB)).thenReturn(Optional.empty());
        when(projects.claimLaunch(NEW_WEB, ALICE, NOW, 0L, "ubuntu")).thenAnswer(i -> launching(1, null));
    }

    private static Project launching(long generation, String imageId) {
        return new Project(imageId == null ? NEW_WEB : WEB, ProjectState.LAUNCHING, generation, NOW, ALICE, null, imageId,
                imageId == null ? null : generation - 1, null, 0, 0, null, 0, false, null);
    }

    private static Project ready(boolean cleanupPending) {
        return new Project(WEB, ProjectState.READY, 2, NOW, ALICE, null, "ami-2", 2L, null, 0, 2, null, 0,
                cleanupPending, null);
    }

    private ProjectAccess as(String principal) {
        return new ProjectAccess(Caller.of(principal, policy), Optional.empty());
    }

    private static LaunchAsk ask(String type, Integer volume) {
        return new LaunchAsk(type, volume, 60, null, null, null, null, null, KEY, "dXNlci1kYXRh");
    }

    private BoxSpec lastRun() {
        ArgumentCaptor<BoxSpec> run = ArgumentCaptor.forClass(BoxSpec.class);
        verify(ec2, org.mockito.Mockito.atLeastOnce()).run(run.capture());
        return run.getValue();
    }

    private void nothingChanged() {
        verify(groups, never()).authorizeSsh(anyString(), anyString(), anyString());
        verify(ec2, never()).importKeyPair(anyString(), anyString(), any());
        verify(projects, never()).claimLaunch(any(), anyString(), any(), org.mockito.ArgumentMatchers.anyLong(), any());
        verify(ec2, never()).run(any());
    }

    @Test
    void aNewProjectStartsFromTheBaseImageWithTheStacksTemplateSubnetGroupKeyAndTags() {
        when(ec2.run(any())).thenReturn("i-new");
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, "198.51.100.7", ask("t3.small", null));

        BoxSpec run = lastRun();
        assertEquals("lt-box", run.launchTemplateId());
        assertEquals(UBUNTU, run.imageId());
        assertEquals("subnet-a", run.subnetId());
        assertEquals("sg-box", run.securityGroupId());
        assertEquals("devbox-dev-" + NEW_WEB + "-g1-s0", run.clientToken());
        assertEquals("dXNlci1kYXRh", run.userData());
        assertEquals(20, run.disks().get(0).sizeGiB(), "a new project's root is at least 20 GiB");
        assertTrue(run.disks().get(0).gp3(), "a base image's volumes are gp3");
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/k", run.disks().get(0).kmsKeyId());
        assertEquals(Map.of("Name", "devbox-web", "devbox:stack", STACK, "devbox:project", NEW_WEB.value(), "devbox:generation",
                "1", "devbox:owner", ALICE), run.volumeTags());
        assertEquals(ALICE, run.instanceTags().get("devbox:owner"));
        assertEquals("198.51.100.7/32", run.instanceTags().get(SshRules.TAG_SSH_CIDR));
        assertEquals("60", run.instanceTags().get(BoxRunner.TAG_IDLE_MINUTES));
        assertEquals("on-demand", run.instanceTags().get(BoxRunner.TAG_MARKET));
        assertEquals("public", run.instanceTags().get(BoxRunner.TAG_ACCESS));
        assertFalse(run.privateBox());
        String keyName = dev.devbox.domain.PublicKey.parse(KEY).keyPairName();
        assertEquals(keyName, run.keyName());
        verify(ec2).importKeyPair(keyName, KEY.substring(0, KEY.lastIndexOf(' ')), Map.of("devbox:stack", STACK));
        verify(groups).authorizeSsh("sg-box", "198.51.100.7/32", "devbox web");
        verify(projects).recordLaunched(launching(1, null).cycle(), "i-new", NOW);
        assertEquals("i-new", reply.get("instanceId"));
        assertEquals("ubuntu-24.04", reply.get("imageSource"));
        assertNull(reply.get("imageGeneration"));
        assertEquals("198.51.100.7/32", reply.get("cidr"));
    }

    @Test
    void aPrivateBoxGetsNoPublicAddressAndNoPort22Range() {
        when(ec2.run(any())).thenReturn("i-new");
        LaunchAsk privately = new LaunchAsk(null, null, 60, null, null, null, null, null, KEY, null, null, null, true);
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, "198.51.100.7", privately);

        BoxSpec run = lastRun();
        assertTrue(run.privateBox(), "RunInstances asks for no public IPv4 address");
        assertEquals("subnet-a", run.subnetId());
        assertEquals("sg-box", run.securityGroupId());
        assertEquals("private", run.instanceTags().get(BoxRunner.TAG_ACCESS));
        assertNull(run.instanceTags().get(SshRules.TAG_SSH_CIDR), "no range: none is kept open for it");
        verify(groups, never()).authorizeSsh(anyString(), anyString(), anyString());
        assertNull(reply.get("cidr"));
        assertEquals(true, reply.get("privateBox"));
    }

    @Test
    void aRangeForAPrivateBoxIsRefusedBeforeAnythingChanges() {
        LaunchAsk privately = new LaunchAsk(null, null, 60, null, null, null, null, null, KEY, null, null, null, true);
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB,
                "203.0.113.0/24", null, privately));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, refused.kind());
        nothingChanged();
    }

    @Test
    void anExistingProjectStartsFromItsOwnRecordedImageWithItsVolumesAsSaved() {
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        when(projects.claimLaunch(WEB, ALICE, NOW, 0L, "ubuntu")).thenReturn(launching(3, "ami-2"));
        when(ec2.run(any())).thenReturn("i-3");
        when(ec2.keyPairPublicKey(anyString())).thenReturn(Optional.of(KEY));
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null,
                new LaunchAsk(null, null, 60, null, null, null, 200, null, KEY, null));
        BoxSpec run = lastRun();
        assertEquals("ami-2", run.imageId());
        assertEquals(30, run.disks().get(0).sizeGiB(), "a project's root keeps its saved size");
        assertEquals(50, run.disks().get(1).sizeGiB());
        assertEquals(200, run.disks().get(1).initRateMiBs());
        assertTrue(!run.disks().get(0).gp3(), "a saved volume keeps its own type");
        assertEquals(2L, reply.get("imageGeneration"));
        assertNull(reply.get("cidr"), "no address and no range: nothing opened");
        verify(ec2, never()).importKeyPair(anyString(), anyString(), any());
        verify(groups, never()).authorizeSsh(anyString(), anyString(), anyString());
    }

    @Test
    void fromARetainedGenerationOnlyOnceCleanupIsDoneAndOnlyARetainedOne() {
        when(projects.find(WEB)).thenReturn(Optional.of(ready(true)));
        LaunchAsk from1 = new LaunchAsk(null, null, 60, null, null, 1L, null, null, KEY, null);
        ControlRefusal cleaning = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null, from1));
        assertEquals(ControlRefusal.Kind.CONFLICT, cleaning.kind());

        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        when(cycles.retainedImages(WEB)).thenReturn(List.of(new RetainedImage(2, "ami-2", List.of(), NOW)));
        ControlRefusal gone = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null, from1));
        assertEquals(ControlRefusal.Kind.NOT_FOUND, gone.kind());
        assertTrue(gone.getMessage().contains("the retained ones are 2"), gone.getMessage());
        nothingChanged();
    }

    @Test
    void theTeamRulesTheRangeAndTheKeyAreJudgedBeforeAnythingChanges() {
        assertThrows(PolicyRefusedException.class, () -> launches.launch(as(ALICE), WEB, null, null,
                ask("p5.48xlarge", null)));
        assertThrows(PolicyRefusedException.class, () -> launches.launch(as(ALICE), WEB, null, null, ask(null, 200)));
        assertThrows(PolicyRefusedException.class, () -> launches.launch(as(ALICE), WEB, "0.0.0.0/0", null,
                ask(null, null)));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> launches.launch(
                as(ALICE), WEB, null, null, new LaunchAsk(null, null, 60, null, null, null, null, null,
                        "ssh-ed25519 bm90LWEta2V5", null))).kind());
        when(ec2.keyPairExists("theirs")).thenReturn(false);
        assertEquals(ControlRefusal.Kind.NOT_FOUND, assertThrows(ControlRefusal.class, () -> launches.launch(
                as(ALICE), WEB, null, null, new LaunchAsk(null, null, 60, null, null, null, null, "theirs", null,
                        null))).kind());
        Project legacy = new Project(WEB, ProjectState.READY, 2, NOW, null, null, "ami-2", 2L, null, 0, 2, null, 0,
                false, null);
        when(projects.find(WEB)).thenReturn(Optional.of(legacy));
        assertThrows(ForeignProjectException.class, () -> launches.launch(as("arn:aws:iam::123456789012:user/bob"),
                WEB, null, "198.51.100.9", ask(null, null)), "a project from before owners is the admins'");
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class, () -> launches.launch(
                as(ALICE), WEB, null, null, ask(null, 10))).kind(), "smaller than the saved root");
        nothingChanged();
    }

    @Test
    void aBoxStartedDespiteAnErrorIsRecordedAndTheLaunchCarriesOn() {
        when(ec2.run(any())).thenThrow(new Ec2RefusedException("InternalError", "An internal error has occurred.", null));
        InstanceView found = new InstanceView("i-found", "pending", Map.of(BoxRunner.TAG_MARKET, "on-demand"), null,
                Map.of());
        when(ec2.cycleBoxes(STACK, launching(1, null).cycle())).thenReturn(List.of(), List.of(found));
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null, ask(null, null));
        assertEquals("i-found", reply.get("instanceId"));
        assertTrue(reply.get("notes").toString().contains("EC2 did start box i-found"), reply.toString());
        verify(ec2, times(2)).cycleBoxes(STACK, launching(1, null).cycle());
        verify(projects).recordLaunched(launching(1, null).cycle(), "i-found", NOW);
        verify(projects, never()).markFailed(any(), any(), any(), any());
    }

    @Test
    void whenNoBoxStartedTheClaimIsReleasedWithTheReasonAndTheErrorSaysWhatToDo() {
        when(ec2.run(any())).thenThrow(new Ec2RefusedException("InstanceLimitExceeded", "You have requested more.", null));
        when(ec2.cycleBoxes(anyString(), any())).thenReturn(List.of());
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null,
                ask(null, null)));
        assertEquals(ControlRefusal.Kind.EC2, refused.kind());
        assertTrue(refused.getMessage().contains("quota"), refused.getMessage());
        assertTrue(refused.getMessage().contains("released as FAILED: 'devbox launch web' tries again."),
                refused.getMessage());
        verify(ec2, times(BoxLaunches.LOOKS)).cycleBoxes(anyString(), any());
        verify(projects).markFailed(launching(1, null).cycle(), ProjectState.LAUNCHING, new Failure(
                ProjectState.LAUNCHING, "InstanceLimitExceeded: You have requested more."), NOW);
        verify(projects, never()).recordLaunched(any(), anyString(), any());
    }

    @Test
    void whenEc2CannotBeAskedTheClaimStaysLaunchingForTheReconciler() {
        when(ec2.run(any())).thenThrow(new IllegalStateException("read timed out"));
        when(ec2.cycleBoxes(anyString(), any())).thenThrow(new IllegalStateException("still timing out"));
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null,
                ask(null, null)));
        assertTrue(refused.getMessage().contains("stays LAUNCHING"), refused.getMessage());
        verify(projects, never()).markFailed(any(), any(), any(), any());
        verify(projects, never()).recordLaunched(any(), anyString(), any());
    }

    @Test
    void capacityMovesToTheNextSubnetAndSpotFallsBackOnlyWhenAsked() {
        Ec2RefusedException none = new Ec2RefusedException("InsufficientInstanceCapacity", "none", null);
        when(ec2.run(any())).thenThrow(none).thenReturn("i-b");
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null, ask(null, null));
        assertEquals("i-b", reply.get("instanceId"));
        assertEquals("subnet-b", lastRun().subnetId());
        assertEquals("devbox-dev-" + NEW_WEB + "-g1-s1", lastRun().clientToken());
        assertTrue(reply.get("notes").toString().contains("trying the next subnet"), reply.toString());

        BoxRunner runner = new BoxRunner(ec2, control, settings);
        LaunchImages.Chosen image = new LaunchImages.Chosen(UBUNTU_IMAGE, "ubuntu-24.04", null);
        LaunchAsk spotOnly = new LaunchAsk(null, null, 0, true, null, null, null, null, KEY, null);
        org.mockito.Mockito.doThrow(none).when(ec2).run(any());
        BoxRunner.Box box = new BoxRunner.Box(launching(4, null).cycle(), ALICE, image, 20, "k", null, spotOnly);
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> runner.start(box, n -> { }));
        assertTrue(refused.getMessage().contains("--spot-fallback"), refused.getMessage());

        LaunchAsk fallback = new LaunchAsk(null, null, 0, true, true, null, null, null, KEY, null);
        org.mockito.Mockito.doThrow(none).doThrow(none).doReturn("i-od").when(ec2).run(any());
        BoxRunner.Started started = runner.start(new BoxRunner.Box(launching(5, null).cycle(), ALICE, image, 20, "k",
                null, fallback), n -> { });
        assertEquals(new BoxRunner.Started("i-od", false, true), started);
        assertTrue(!lastRun().spot(), "the fallback is on demand");
    }

    @Test
    void aLongOwnerIsTruncatedToEc2sTagLimitAndLongTokensAreHashed() {
        String owner = "arn:aws:sts::123456789012:assumed-role/" + "r".repeat(300);
        assertEquals(256, BoxRunner.MAX_TAG_VALUE);
        when(ec2.run(any())).thenReturn("i-1");
        new BoxRunner(ec2, control, settings).start(new BoxRunner.Box(launching(1, null).cycle(), owner,
                new LaunchImages.Chosen(UBUNTU_IMAGE, "ubuntu-24.04", null), 20, "k", null, ask(null, null)), n -> { });
        assertEquals(owner.substring(0, 256), lastRun().instanceTags().get("devbox:owner"));
        String token = BoxRunner.clientToken("s".repeat(60), launching(1, null).cycle(), "s0");
        assertTrue(token.length() <= 64 && token.startsWith("devbox-"), token);
    }

    @Test
    void aRequestWithoutAsksIsABadRequestAndFromNeedsAnExistingProject() {
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, null)).kind());
        ControlRefusal none = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null,
                new LaunchAsk(null, null, 60, null, null, 1L, null, null, KEY, null)));
        assertEquals(ControlRefusal.Kind.NOT_FOUND, none.kind());
        assertTrue(none.getMessage().contains("--from needs a project with saved generations"), none.getMessage());
        nothingChanged();
    }

    @Test
    void fromARetainedGenerationTheBoxStartsFromThatAmiAndSaysWhichGeneration() {
        LaunchImage first = new LaunchImage("ami-1", "123456789012", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-1", 25)), WEB_TAGS);
        when(ec2.image("ami-1")).thenReturn(Optional.of(first));
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        when(cycles.retainedImages(WEB)).thenReturn(List.of(new RetainedImage(1, "ami-1", List.of(), NOW),
                new RetainedImage(2, "ami-2", List.of(), NOW)));
        when(projects.claimLaunch(WEB, ALICE, NOW, 0L, "ubuntu")).thenReturn(launching(3, "ami-2"));
        when(ec2.run(any())).thenReturn("i-3");
        when(ec2.keyPairExists(anyString())).thenReturn(true);
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null,
                new LaunchAsk(null, 25, 60, null, null, 1L, null, null, KEY, null));
        assertEquals("ami-1", lastRun().imageId());
        assertEquals(25, lastRun().disks().get(0).sizeGiB(), "asking for the image's own root size is fine");
        assertEquals(1L, reply.get("imageGeneration"));
        assertEquals("project", reply.get("imageSource"));
    }

    @Test
    void aSavedDataVolumeCountsAgainstTheVolumeRuleAndARootCanOnlyGrow() {
        LaunchImage big = new LaunchImage("ami-2", "123456789012", "/dev/sda1", List.of(
                new ImageDisk("/dev/sda1", "snap-root", 30), new ImageDisk("/dev/sdf", "snap-data", 150)), WEB_TAGS);
        when(ec2.image("ami-2")).thenReturn(Optional.of(big));
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        PolicyRefusedException e = assertThrows(PolicyRefusedException.class, () -> launches.launch(as(ALICE), WEB,
                null, null, ask(null, null)));
        assertTrue(e.getMessage().contains("150"), e.getMessage());
        ControlRefusal shrink = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null,
                ask(null, 29)));
        assertTrue(shrink.getMessage().contains("project's root volume (30 GiB)"), shrink.getMessage());
        nothingChanged();
    }

    @Test
    void aSpotBoxFoundAfterAnErrorIsReportedAsSpotAndOurOwnRefusalIsTheOneLine() {
        when(ec2.run(any())).thenThrow(new Ec2RefusedException("InternalError", "oops", null));
        when(ec2.cycleBoxes(anyString(), any())).thenReturn(List.of(new InstanceView("i-spot", "pending",
                Map.of(BoxRunner.TAG_MARKET, "spot"), null, Map.of())));
        LaunchAsk spot = new LaunchAsk(null, null, 60, true, null, null, null, null, KEY, null);
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null, spot);
        assertEquals("spot", reply.get("market"));
        assertEquals(false, reply.get("fellBack"));

        when(projects.claimLaunch(NEW_WEB, ALICE, NOW, 0L, "ubuntu")).thenAnswer(i -> launching(2, null));
        org.mockito.Mockito.doThrow(new Ec2RefusedException("InsufficientInstanceCapacity", "none", null))
                .when(ec2).run(any());
        when(ec2.cycleBoxes(anyString(), any())).thenReturn(List.of());
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null,
                spot));
        assertTrue(refused.getMessage().startsWith("No Spot capacity"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("released as FAILED: 'devbox launch web' tries again."),
                "one sentence, ours, saying the project is FAILED now: " + refused.getMessage());
        verify(projects).markFailed(org.mockito.ArgumentMatchers.eq(launching(2, null).cycle()),
                org.mockito.ArgumentMatchers.eq(ProjectState.LAUNCHING), org.mockito.ArgumentMatchers.argThat(
                        f -> f.reason().startsWith("No Spot capacity")), org.mockito.ArgumentMatchers.eq(NOW));
        verify(ec2, times(3)).run(any()); // the found box's run, then two subnets of Spot: no retry of a refusal
    }

    @Test
    void aKeyPairUnderTheCallersKeyNameThatHoldsAnotherKeyIsRefusedBeforeAnythingChanges() {
        String theirs = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA mallory";
        when(ec2.keyPairPublicKey(dev.devbox.domain.PublicKey.parse(KEY).keyPairName())).thenReturn(Optional.of(theirs));
        ControlRefusal squatted = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null,
                "198.51.100.7", ask(null, null)));
        assertEquals(ControlRefusal.Kind.CONFLICT, squatted.kind());
        assertTrue(squatted.getMessage().contains("holds another public key"), squatted.getMessage());
        nothingChanged();
    }

    @Test
    void aKeyImportedUnderTheNameMeanwhileIsUsedOnlyIfItIsTheCallersAndOtherwiseTheClaimIsGivenUp() {
        String name = dev.devbox.domain.PublicKey.parse(KEY).keyPairName();
        String theirs = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA mallory";
        when(ec2.keyPairPublicKey(name)).thenReturn(Optional.empty(), Optional.of(theirs));
        org.mockito.Mockito.doThrow(new Ec2RefusedException("InvalidKeyPair.Duplicate", "exists", null))
                .when(ec2).importKeyPair(anyString(), anyString(), any());
        when(groups.sshRules("sg-box")).thenReturn(List.of(new ControlEc2.SshRule("198.51.100.7/32", "devbox web")));
        ControlRefusal raced = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null,
                "198.51.100.7", ask(null, null)));
        assertTrue(raced.getMessage().contains("holds another public key"), raced.getMessage());
        assertTrue(raced.getMessage().contains("released as FAILED"), raced.getMessage());
        verify(ec2, never()).run(any());
        verify(projects).markFailed(any(), org.mockito.ArgumentMatchers.eq(ProjectState.LAUNCHING), any(), any());
        verify(groups).revokeSsh("sg-box", "198.51.100.7/32"); // no box needs the rule it opened
    }

    @Test
    void aRecordNamingAnAmiWithoutTheProjectsTagsIsNotLaunchedFrom() {
        when(ec2.image("ami-2")).thenReturn(Optional.of(new LaunchImage("ami-2", "123456789012", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-root", 30)), Map.of("devbox:stack", STACK,
                "devbox:project", "api"))));
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        ControlRefusal refused = assertThrows(ControlRefusal.class, () -> launches.launch(as(ALICE), WEB, null, null,
                ask(null, null)));
        assertTrue(refused.getMessage().contains("does not carry devbox's tags"), refused.getMessage());
        nothingChanged();
    }

    @Test
    void afterAServerErrorAndNoBoxFoundTheSameRequestIsSentOnceMoreBeforeTheClaimIsGivenUp() {
        when(ec2.run(any())).thenThrow(new Ec2RefusedException("InternalError", "oops", false, null))
                .thenReturn("i-answered");
        when(ec2.cycleBoxes(anyString(), any())).thenReturn(List.of());
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null, ask(null, null));
        assertEquals("i-answered", reply.get("instanceId"));
        List<BoxSpec> runs = runs(2);
        assertEquals(runs.get(0).clientToken(), runs.get(1).clientToken(), "the same token: EC2 answers, not a 2nd box");
        assertTrue(reply.get("notes").toString().contains("same client token"), reply.toString());
        verify(projects, never()).markFailed(any(), any(), any(), any());
    }

    @Test
    void aBoxWhoseRecordCannotBeWrittenIsStillReportedForTheReconcilerToRecord() {
        when(ec2.run(any())).thenReturn("i-new");
        org.mockito.Mockito.doThrow(new dev.devbox.domain.ConcurrentUpdateException("lost", null))
                .when(projects).recordLaunched(any(), anyString(), any());
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null, ask(null, null));
        assertEquals("i-new", reply.get("instanceId"));
        assertTrue(reply.get("notes").toString().contains("reconciler records it"), reply.toString());
    }

    private List<BoxSpec> runs(int times) {
        ArgumentCaptor<BoxSpec> run = ArgumentCaptor.forClass(BoxSpec.class);
        verify(ec2, times(times)).run(run.capture());
        return run.getAllValues();
    }

    private static final LaunchImage UBUNTU_ARM = new LaunchImage("ami-0ubuntuarm", "099720109477", "/dev/sda1",
            List.of(new ImageDisk("/dev/sda1", "snap-arm", 8)), Map.of(), "arm64");

    private static LaunchAsk imaged(String type, String image, String sshUser) {
        return new LaunchAsk(type, null, 60, null, null, null, null, null, KEY, "dXNlci1kYXRh", image, sshUser);
    }

    @Test
    void aGravitonTypeStartsANewProjectFromTheArm64Image() {
        when(ec2.architectures("t4g.small")).thenReturn(java.util.Set.of("arm64"));
        when(base.imageId(ControlSettings.UBUNTU_ARM64_PARAMETER)).thenReturn(Optional.of("ami-0ubuntuarm"));
        when(ec2.image("ami-0ubuntuarm")).thenReturn(Optional.of(UBUNTU_ARM));
        when(ec2.run(any())).thenReturn("i-arm");
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null, ask("t4g.small", null));
        assertEquals("ami-0ubuntuarm", lastRun().imageId());
        assertEquals("t4g.small", lastRun().instanceType());
        assertEquals("ubuntu-24.04-arm64", reply.get("imageSource"));
        assertEquals("arm64", reply.get("architecture"));
        assertEquals("ubuntu", reply.get("sshUser"));
    }

    @Test
    void aTypeThatCannotBootTheProjectsAmiIsRefusedBeforeTheClaimNamingASibling() {
        LaunchImage savedArm = new LaunchImage("ami-2", "123456789012", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-root", 30)), WEB_TAGS, "arm64");
        when(ec2.image("ami-2")).thenReturn(Optional.of(savedArm));
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        when(ec2.architectures("m7i.large")).thenReturn(java.util.Set.of("x86_64"));
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, ask("m7i.large", null)));
        assertTrue(e.getMessage().startsWith("m7i.large is an x86 (x86_64) instance type, but project 'web' resumes"
                + " from Graviton (arm64) AMI ami-2: nothing was started."), e.getMessage());
        assertTrue(e.getMessage().contains("--instance-type m7g.large"), e.getMessage());
        nothingChanged();
    }

    @Test
    void aSiblingTheRulesForbidIsNotSuggestedTheAllowedPatternsAreInstead() {
        AdminPolicy only = new AdminPolicy(List.of("t3.*"), 3, 500, List.of(), List.of());
        BoxArchitectures strict = new BoxArchitectures(ec2, control, only);
        when(ec2.architectures("t4g.small")).thenReturn(java.util.Set.of("arm64"));
        ControlRefusal e = assertThrows(ControlRefusal.class, () -> strict.check("t4g.small", true,
                new LaunchImages.Chosen(UBUNTU_IMAGE, "image", null), null));
        assertTrue(e.getMessage().endsWith("Pick an x86 (x86_64) type, like --instance-type t3.small."),
                e.getMessage());
        when(ec2.architectures("m7i.large")).thenReturn(java.util.Set.of("x86_64"));
        e = assertThrows(ControlRefusal.class, () -> strict.check("m7i.large", true,
                new LaunchImages.Chosen(UBUNTU_ARM, "image", null), null));
        assertTrue(e.getMessage().endsWith("Pick a Graviton (arm64) type the stack allows (t3.*)."), e.getMessage());
    }

    @Test
    void anInstanceTypeEc2DoesNotOfferIsRefusedBeforeAnythingChanges() {
        when(ec2.architectures("t9.small")).thenReturn(java.util.Set.of());
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, ask("t9.small", null)));
        assertTrue(e.getMessage().startsWith("EC2 offers no instance type 't9.small' in this region"), e.getMessage());
        nothingChanged();
    }

    @Test
    void anImageOfAnotherOwnerIsRefusedUnlessTheRulesListIt() {
        LaunchImage foreign = new LaunchImage("ami-0foreign1", "444455556666", "/dev/xvda",
                List.of(new ImageDisk("/dev/xvda", "snap-f", 50)), Map.of("devbox:ssh-user", "ec2-user"));
        when(ec2.image("ami-0foreign1")).thenReturn(Optional.of(foreign));
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, imaged(null, "ami-0foreign1", null)));
        assertTrue(e.getMessage().contains("belongs to account 444455556666, which this stack does not take images"
                + " from"), e.getMessage());
        assertTrue(e.getMessage().contains("AllowedImageOwners"), e.getMessage());
        nothingChanged();

        AdminPolicy listing = new AdminPolicy(AdminPolicy.DEFAULT_INSTANCE_TYPES, 3, 500, List.of(), List.of(),
                List.of("444455556666"));
        LaunchImages.Chosen chosen = new LaunchImages(ec2, cycles, base, control, settings, listing)
                .asked(null, "ami-0foreign1");
        assertEquals("image", chosen.source());
        assertEquals("ec2-user", LaunchImages.sshUser(null, chosen, null), "the image's tag names its user");
        assertEquals("deploy", LaunchImages.sshUser(null, chosen, "deploy"), "--ssh-user wins over the tag");
    }

    @Test
    void anImageOfThisAccountIsTakenAndItsSshUserRecordedAtTheClaim() {
        LaunchImage mine = new LaunchImage("ami-0mine0001", "123456789012", "/dev/xvda",
                List.of(new ImageDisk("/dev/xvda", "snap-m", 30)), Map.of());
        when(ec2.image("ami-0mine0001")).thenReturn(Optional.of(mine));
        when(ec2.ownImage("ami-0mine0001")).thenReturn(true);
        when(projects.claimLaunch(NEW_WEB, ALICE, NOW, 0L, "ec2-user")).thenAnswer(i -> launching(1, null));
        when(ec2.run(any())).thenReturn("i-mine");
        Map<String, Object> reply = launches.launch(as(ALICE), WEB, null, null,
                imaged("t3.small", "ami-0mine0001", "ec2-user"));
        assertEquals("ami-0mine0001", lastRun().imageId());
        assertEquals(30, lastRun().disks().get(0).sizeGiB(), "the image's root, at least 20 GiB for a new project");
        assertEquals("image", reply.get("imageSource"));
        assertEquals("ec2-user", reply.get("sshUser"));
    }

    @Test
    void aDevboxProjectAmiIsNeverAnotherProjectsBaseImage() {
        LaunchImage othersProject = new LaunchImage("ami-0bobsweb1", "123456789012", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-bob", 30)), Map.of("devbox:stack", STACK, "devbox:project",
                "web~bob"));
        when(ec2.image("ami-0bobsweb1")).thenReturn(Optional.of(othersProject));
        org.mockito.Mockito.lenient().when(ec2.ownImage("ami-0bobsweb1")).thenReturn(true);
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, imaged(null, "ami-0bobsweb1", null)));
        assertTrue(e.getMessage().startsWith("AMI ami-0bobsweb1 is a devbox project AMI"), e.getMessage());
        nothingChanged();
    }

    @Test
    void aSavedProjectRefusesAnImageAndAnotherSshUser() {
        when(projects.find(WEB)).thenReturn(Optional.of(ready(false)));
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, imaged(null, "ami-0abcdef12", null)));
        assertTrue(e.getMessage().startsWith("Project 'web' has saved generations and resumes from its own AMI:"
                + " --image is only for a new project."), e.getMessage());
        e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, imaged(null, null, "ec2-user")));
        assertTrue(e.getMessage().startsWith("Project 'web' logs in as 'ubuntu'"), e.getMessage());
        nothingChanged();
    }

    @Test
    void aBadSshUserTagOnTheImageIsRefused() {
        LaunchImage tagged = new LaunchImage("ami-0tagged01", "099720109477", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-t", 8)), Map.of("devbox:ssh-user", "Root Me"));
        when(ec2.image("ami-0tagged01")).thenReturn(Optional.of(tagged));
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, imaged(null, "ami-0tagged01", null)));
        assertTrue(e.getMessage().startsWith("The image's devbox:ssh-user tag 'Root Me' is not a Linux user name"),
                e.getMessage());
        nothingChanged();
    }

    @Test
    void aSavedGravitonProjectWithoutATypeIsToldTheStacksDefaultDoesNotFit() {
        ControlSettings withDefault = new ControlSettings("sg-box", "lt-box", List.of("subnet-a"), null, null,
                Duration.ZERO, null, "t3.small", null);
        BoxArchitectures stack = new BoxArchitectures(ec2, withDefault, policy);
        assertEquals("t3.small", stack.type(ask(null, null)));
        assertEquals("t4g.small", stack.type(ask("t4g.small", null)));
        LaunchImage savedArm = new LaunchImage("ami-2", "123456789012", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-root", 30)), WEB_TAGS, "arm64");
        ControlRefusal e = assertThrows(ControlRefusal.class, () -> stack.check("t3.small", false,
                new LaunchImages.Chosen(savedArm, "project", 2L), ready(false)));
        assertTrue(e.getMessage().startsWith("The stack's default instance type t3.small is an x86 (x86_64) instance"
                + " type, but project 'web' resumes from Graviton (arm64) AMI ami-2"), e.getMessage());
        assertTrue(e.getMessage().endsWith("like --instance-type t4g.small."), e.getMessage());
    }

    @Test
    void anImageIsRefusedWhenTheProjectSavedItsFirstGenerationBetweenTheReadAndTheClaim() {
        LaunchImage canonical = new LaunchImage("ami-0canonical1", "099720109477", "/dev/sda1",
                List.of(new ImageDisk("/dev/sda1", "snap-c", 8)));
        when(ec2.image("ami-0canonical1")).thenReturn(Optional.of(canonical));
        when(projects.claimLaunch(NEW_WEB, ALICE, NOW, 0L, "ubuntu")).thenAnswer(i -> launching(3, "ami-2"));
        ControlRefusal e = assertThrows(ControlRefusal.class,
                () -> launches.launch(as(ALICE), WEB, null, null, imaged(null, "ami-0canonical1", null)));
        assertTrue(e.getMessage().startsWith("Project 'web' saved its first generation while this launch was judged:"
                + " --image is only for a new project"), e.getMessage());
        verify(ec2, never()).run(any());
    }
}
