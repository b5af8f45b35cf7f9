package dev.devbox.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.ForeignResources;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import dev.devbox.testing.WorldFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane on the emulator, called as its function URL would be: it acts for the signed
 * caller on their own projects only, and a refusal changes nothing (the world's fingerprint).
 */
@ExtendWith(EmulatorExtension.class)
class ControlPlaneIT {
    /** Harness.launch records its projects for this principal. */
    private static final String OWNER = "tester";
    private static final AdminPolicy TEAM = AdminPolicy.from(Map.of(AdminPolicy.ADMIN_PRINCIPALS, "root-admin"));

    @Test
    void theOwnerTerminatesTheirBoxThePipelineSavesItAndDeleteRemovesEveryTrace(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ForeignResources foreign = ForeignResources.seed(aws.ec2(), "web");
            h.events.prime();
            ControlEndpoint control = h.control(TEAM);
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();

            JsonNode ended = h.call(control, OWNER, "terminate", "web", null);
            assertEquals(200, ended.path("statusCode").asInt(), ended.toString());
            assertEquals(box.instanceId(), ended.path("body").path("instanceId").asText());
            h.settle();
            assertEquals(ProjectState.READY, h.project("web").state());
            Invariants.check(h);
            String imageId = h.project("web").imageId();

            JsonNode deleted = h.call(control, OWNER, "delete", "web", null);
            assertEquals(200, deleted.path("statusCode").asInt(), deleted.toString());
            assertEquals(List.of(imageId), strings(deleted.path("body").path("images")));
            assertEquals(2, deleted.path("body").path("snapshots").size(), "both volumes' snapshots");
            assertTrue(h.projects.find(ProjectName.of("web")).isEmpty(), "records gone");
            List<Image> left = aws.ec2().describeImages(b -> b.owners("self")
                    .filters(f -> f.name("tag:devbox:stack").values(Harness.STACK))).images();
            assertTrue(left.isEmpty(), "no AMI of the stack left: " + left);
            foreign.assertUntouched();
        }
    }

    @Test
    void twoDevelopersEachKeepTheirOwnWebThroughWholeSaveCycles(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            h.events.prime();
            Map<String, String> boxes = new java.util.LinkedHashMap<>();
            for (String developer : List.of(OWNER, "mallory")) {
                JsonNode launched = h.call(control, developer, IP, launch("web", null, null));
                assertEquals(200, launched.path("statusCode").asInt(), launched.toString());
                boxes.put(developer, launched.path("body").path("instanceId").asText());
                h.startedByControlPlane(boxes.get(developer));
            }
            h.settle();
            ProjectName hers = dev.devbox.domain.OwnerNamespace.key(ProjectName.of("web"), "mallory");
            for (String developer : List.of(OWNER, "mallory")) {
                JsonNode ended = h.call(control, developer, "terminate", "web", null);
                assertEquals(boxes.get(developer), ended.path("body").path("instanceId").asText(), developer);
            }
            h.settle();
            var owners = h.project("web", OWNER);
            var malloryS = h.projects.find(hers).orElseThrow();
            assertEquals(ProjectState.READY, owners.state());
            assertEquals(ProjectState.READY, malloryS.state());
            assertEquals(OWNER, owners.owner());
            assertEquals("mallory", malloryS.owner());
            assertFalse(owners.imageId().equals(malloryS.imageId()), "two saves, two AMIs");
            Image herAmi = aws.ec2().describeImages(r -> r.imageIds(malloryS.imageId())).images().get(0);
            assertTrue(herAmi.tags().stream().anyMatch(t -> t.key().equals("devbox:project")
                    && t.value().equals(hers.value())), "her AMI carries her key: " + herAmi.tags());

            // Each relaunch resumes its own developer's save, and each list shows only its own web.
            for (String developer : List.of(OWNER, "mallory")) {
                String saved = developer.equals(OWNER) ? owners.imageId() : malloryS.imageId();
                JsonNode again = h.call(control, developer, IP, launch("web", null, null));
                assertEquals(saved, again.path("body").path("imageId").asText(), developer + ": " + again);
                JsonNode list = h.call(control, developer, IP, body("list", null)).path("body").path("projects");
                assertEquals(1, list.size(), list.toString());
                assertEquals("web", list.get(0).path("project").path("project").asText());
                assertEquals(developer, list.get(0).path("project").path("owner").asText());
            }
            JsonNode everyone = h.call(control, "root-admin", IP, body("list", null).put("all", true));
            assertEquals(2, everyone.path("body").path("projects").size(), everyone.toString());
            JsonNode adminsView = h.call(control, "root-admin", IP, body("status", "web").put("owner", "mallory"));
            assertEquals(hers.value(), adminsView.path("body").path("project").path("key").asText(),
                    "an admin naming mallory reaches hers: " + adminsView);
            Invariants.check(h);
        }
    }

    @Test
    void aPrivateBoxHasNoPublicAddressNoRangeAndNoTunnelForAnotherDeveloper(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM, new PrivateAccess(PrivateAccess.Policy.ALLOWED, "eice-0it"));
            ObjectNode privately = launch("web", null, null);
            ((ObjectNode) privately.get("launch")).put("privateBox", true);
            JsonNode launched = h.call(control, OWNER, IP, privately);
            assertEquals(200, launched.path("statusCode").asInt(), launched::toString);
            JsonNode reply = launched.get("body");
            assertTrue(reply.get("privateBox").asBoolean(), reply::toString);
            assertTrue(reply.get("cidr").isNull(), "no range was opened: " + reply);
            Instance box = aws.ec2().describeInstances(r -> r.instanceIds(reply.get("instanceId").asText()))
                    .reservations().get(0).instances().get(0);
            assertEquals(null, box.publicIpAddress(), "no public IPv4 address");
            String group = box.networkInterfaces().get(0).groups().get(0).groupId(); // the boxes' group, on the interface
            assertTrue(aws.ec2().describeSecurityGroups(r -> r.groupIds(group))
                    .securityGroups().get(0).ipPermissions().stream().allMatch(p -> p.ipRanges().isEmpty()),
                    "no port-22 range");
            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, "mallory", "tunnel", "web", null), 404, "NOT_FOUND", "No project 'web'");
            assertRefused(h.call(control, "mallory", "tunnel", "web", OWNER), 403, "FORBIDDEN", "Only an admin");
            assertEquals(before, WorldFingerprint.of(aws, h.table), "a refused tunnel changed the world");
        }
    }

    @Test
    void anotherDeveloperCanNeitherTerminateNorDeleteAndNothingChanges(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            h.launch("web", Harness.volumes(1));
            h.settle();
            String before = WorldFingerprint.of(aws, h.table);

            // Names are per owner: mallory's "web" is hers, and she has none, so the owner's is not found for her.
            assertRefused(h.call(control, "mallory", "terminate", "web", null), 404, "NOT_FOUND", "No project 'web'");
            assertRefused(h.call(control, "mallory", "delete", "web", null), 404, "NOT_FOUND", "No project 'web'");
            assertRefused(h.call(control, "mallory", "terminate", "web", OWNER), 403, "FORBIDDEN", "Only an admin");
            assertRefused(h.call(control, "arn:aws:iam::123456789012:user/mallory", "terminate", "web", null),
                    404, "NOT_FOUND", "No project 'web'");
            assertRefused(h.call(control, "root-admin", "terminate", "web", null), 404, "NOT_FOUND",
                    "No project 'web'");
            assertEquals(before, WorldFingerprint.of(aws, h.table), "a refused request changed the world");

            JsonNode admin = h.call(control, "root-admin", "terminate", "web", OWNER);
            assertEquals(200, admin.path("statusCode").asInt(), "an admin naming the owner: " + admin);
            h.settle();
            assertEquals(ProjectState.READY, h.project("web").state());
        }
    }

    @Test
    void aRecordThatNamesABoxItDidNotStartCannotEndIt(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            Invariants.Box victim = h.launch("web", Harness.volumes(1));
            h.settle();
            // Mallory's own project, whose record she rewrote to name the victim's box.
            var claimed = h.projects.claimLaunch(ProjectName.of("evil"), "mallory", h.clock.instant());
            h.projects.recordLaunched(claimed.cycle(), victim.instanceId(), h.clock.instant());
            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, "mallory", "terminate", "evil", null), 409, "CONFLICT", "devbox's tags");
            JsonNode evil = h.call(control, "mallory", "status", "evil", null);
            assertEquals(200, evil.path("statusCode").asInt(), evil.toString());
            assertTrue(evil.path("body").path("box").isNull(), "a box the record names but whose tags are another"
                    + " cycle's is not shown (nor its console, address or key): " + evil);

            // Or she took over the victim's record: the box still carries its owner's tag.
            aws.dynamo().updateItem(b -> b.tableName(h.table)
                    .key(Map.of("pk", AttributeValue.fromS("PROJECT"), "sk", AttributeValue.fromS("web")))
                    .updateExpression("SET #o = :m").expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":m", AttributeValue.fromS("mallory"))));
            String forged = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, "mallory", "terminate", "web", null), 409, "CONFLICT", "its owner");
            JsonNode taken = h.call(control, "mallory", "project", "web", null);
            assertTrue(taken.path("body").path("box").isNull(), "the box carries its owner's tag: " + taken);
            assertEquals(forged, WorldFingerprint.of(aws, h.table));
            assertFalse(before.equals(forged));
            assertEquals("running", aws.ec2().describeInstances(b -> b.instanceIds(victim.instanceId()))
                    .reservations().get(0).instances().get(0).state().nameAsString());
        }
    }

    @Test
    void aLaunchIsJudgedWhollyBeforeAnythingChangesAndTheBoxIsTheControlPlanesOwnChoice(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, OWNER, IP, launch("gpu", "p5.48xlarge", null)), 403, "POLICY", "p5.48xlarge");
            assertRefused(h.call(control, OWNER, IP, launch("big", null, 600)), 403, "POLICY", "MaxVolumeGiB");
            assertRefused(h.call(control, OWNER, IP, launch("api", null, 4)), 400, "BAD_REQUEST", "--volume-size");
            assertRefused(h.call(control, OWNER, IP, launch("api", null, null).put("cidr", "0.0.0.0/0")), 403,
                    "POLICY", "0.0.0.0/0");
            ObjectNode badKey = launch("api", null, null);
            ((ObjectNode) badKey.get("launch")).put("publicKey", "ssh-ed25519 bm90IGEga2V5");
            assertRefused(h.call(control, OWNER, IP, badKey), 400, "BAD_REQUEST", "public key");
            ObjectNode unknownKey = launch("api", null, null);
            ((ObjectNode) unknownKey.get("launch")).remove("publicKey");
            ((ObjectNode) unknownKey.get("launch")).put("keyName", "nobody-has-this");
            assertRefused(h.call(control, OWNER, IP, unknownKey), 404, "NOT_FOUND", "nobody-has-this");
            ObjectNode ownImage = launch("api", null, null);
            ((ObjectNode) ownImage.get("launch")).put("imageId", "ami-0chosenbythecaller");
            assertRefused(h.call(control, OWNER, IP, ownImage), 400, "BAD_REQUEST", "control request");
            assertEquals(before, WorldFingerprint.of(aws, h.table), "a refused launch changed the world");

            JsonNode launched = h.call(control, OWNER, IP, launch("api", "t3.small", null));
            assertEquals(200, launched.path("statusCode").asInt(), launched.toString());
            JsonNode reply = launched.path("body");
            assertEquals(1, reply.path("generation").asLong());
            assertEquals(LocalAws.UBUNTU_2404_AMD64, reply.path("imageId").asText());
            assertEquals("ubuntu-24.04", reply.path("imageSource").asText());
            assertEquals(IP + "/32", reply.path("cidr").asText());
            String id = reply.path("instanceId").asText();
            assertEquals(ProjectState.RUNNING, h.project("api", OWNER).state());
            assertEquals(id, h.project("api", OWNER).instanceId());
            assertEquals(OWNER, h.project("api", OWNER).owner());

            Instance box = aws.ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
            Map<String, String> tags = new java.util.HashMap<>();
            box.tags().forEach(t -> tags.put(t.key(), t.value()));
            assertEquals(Harness.STACK, tags.get("devbox:stack"));
            assertEquals("1", tags.get("devbox:generation"));
            assertEquals(OWNER, tags.get("devbox:owner"), "the owner tag is the signed caller's");
            assertEquals(IP + "/32", tags.get(SshRules.TAG_SSH_CIDR));
            assertEquals("t3.small", box.instanceTypeAsString());
            assertEquals(reply.path("keyName").asText(), box.keyName());
            assertTrue(box.keyName().startsWith("devbox-"), box.keyName());
            assertEquals(LocalAws.UBUNTU_2404_AMD64, box.imageId());

            // mallory's "api" is her own project, under her own key: the owner's is never touched.
            JsonNode hers = h.call(control, "mallory", IP, launch("api", null, null));
            assertEquals(200, hers.path("statusCode").asInt(), hers.toString());
            String herBox = hers.path("body").path("instanceId").asText();
            assertFalse(herBox.equals(id), "her own box");
            assertEquals("api", hers.path("body").path("project").asText());
            ProjectName herKey = dev.devbox.domain.OwnerNamespace.key(ProjectName.of("api"), "mallory");
            assertEquals("mallory", h.projects.find(herKey).orElseThrow().owner());
            assertEquals(id, h.project("api", OWNER).instanceId(), "the owner's api still runs its own box");
            JsonNode status = h.call(control, OWNER, IP, body("status", "api"));
            assertEquals(200, status.path("statusCode").asInt(), status.toString());
            assertEquals(id, status.path("body").path("box").path("instanceId").asText(), status.toString());
            assertEquals("t3.small", status.path("body").path("box").path("instanceType").asText());
            for (String read : List.of("status", "project", "history")) {
                JsonNode mine = h.call(control, "mallory", IP, body(read, "api"));
                assertEquals(200, mine.path("statusCode").asInt(), mine.toString());
                assertEquals(herKey.value(), mine.path("body").path("project").path("key").asText(), read);
                assertEquals("api", mine.path("body").path("project").path("project").asText(), read);
            }
            assertEquals(herBox, h.call(control, "mallory", IP, body("project", "api")).path("body").path("box")
                    .path("instanceId").asText(), "she sees her own box, never the owner's");
            assertRefused(h.call(control, OWNER, IP, launch("api", null, null)), 409, "CONFLICT",
                    "already has a running box");
            assertEquals(ProjectState.RUNNING, h.project("api", OWNER).state());
            String ownersKey = h.project("api", OWNER).name().value();
            assertEquals(1, aws.ec2().describeInstances(r -> r.filters(f -> f.name("tag:devbox:project")
                    .values(ownersKey))).reservations().size(), "one box, however often it is asked");
        }
    }

    @Test
    void concurrentLaunchesOfOneOwnerNeverStartMoreBoxesThanTheirLimit(LocalAws aws) throws Exception {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(AdminPolicy.from(Map.of(AdminPolicy.MAX_RUNNING_BOXES_PER_OWNER, "2")));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<JsonNode>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String project = "p" + i;
                    replies.add(pool.submit(() -> {
                        start.await();
                        return h.call(control, OWNER, IP, launch(project, null, null));
                    }));
                }
                start.countDown();
                int launched = 0;
                for (java.util.concurrent.Future<JsonNode> reply : replies) {
                    int status = reply.get().path("statusCode").asInt();
                    assertTrue(status == 200 || status == 403 || status == 409, reply.get().toString());
                    launched += status == 200 ? 1 : 0;
                }
                assertEquals(2, launched, "exactly the limit: no more, and the rest refused");
                assertEquals(2, aws.ec2().describeInstances(r -> r.filters(f -> f.name("tag:devbox:owner")
                        .values(OWNER), f -> f.name("tag:devbox:stack").values(Harness.STACK)))
                        .reservations().size(), "two boxes started");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRelaunchStartsFromTheProjectsOwnSavedAmiWithItsVolumes(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            h.events.prime();
            Invariants.Box first = h.launch("web", Harness.volumes(2));
            h.settle();
            h.terminate(first);
            h.settle();
            assertEquals(ProjectState.READY, h.project("web").state());
            String saved = h.project("web").imageId();

            JsonNode relaunched = h.call(control, OWNER, IP, launch("web", null, null));
            assertEquals(200, relaunched.path("statusCode").asInt(), relaunched.toString());
            assertEquals(saved, relaunched.path("body").path("imageId").asText());
            assertEquals("project", relaunched.path("body").path("imageSource").asText());
            assertEquals(2, relaunched.path("body").path("generation").asLong());
            String id = relaunched.path("body").path("instanceId").asText();
            Instance box = aws.ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
            assertEquals(saved, box.imageId());
            assertEquals(2, box.blockDeviceMappings().size(), "both saved volumes come back");
        }
    }

    @Test
    void aGravitonProjectBootsArm64IsSavedAsArm64AndRefusesAnX86TypeWithNothingChanged(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            h.events.prime();
            JsonNode launched = h.call(control, OWNER, IP, launch("arm", "t4g.small", null));
            assertEquals(200, launched.path("statusCode").asInt(), launched.toString());
            assertEquals(LocalAws.UBUNTU_2404_ARM64, launched.path("body").path("imageId").asText());
            assertEquals("ubuntu-24.04-arm64", launched.path("body").path("imageSource").asText());
            assertEquals("arm64", launched.path("body").path("architecture").asText());
            String id = launched.path("body").path("instanceId").asText();
            Instance box = aws.ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
            assertEquals("t4g.small", box.instanceTypeAsString());
            assertEquals(LocalAws.UBUNTU_2404_ARM64, box.imageId());
            h.startedByControlPlane(id);
            h.settle();
            h.call(control, OWNER, "terminate", "arm", null);
            h.settle();
            var saved = h.project("arm", OWNER);
            assertEquals(ProjectState.READY, saved.state());
            assertEquals("arm64", aws.ec2().describeImages(r -> r.imageIds(saved.imageId())).images().get(0)
                    .architectureAsString(), "the project AMI is registered as arm64");

            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, OWNER, IP, launch("arm", "t3.small", null)), 400, "BAD_REQUEST",
                    "t3.small is an x86 (x86_64) instance type, but project 'arm' resumes from Graviton (arm64) AMI "
                            + saved.imageId() + ": nothing was started. Pick a Graviton (arm64) type, like"
                            + " --instance-type t4g.small.");
            assertRefused(h.call(control, OWNER, IP, launch("arm", "t9.small", null)), 400, "BAD_REQUEST",
                    "EC2 offers no instance type 't9.small'");
            assertEquals(before, WorldFingerprint.of(aws, h.table), "a refused launch changed the world");
            assertEquals(saved, h.project("arm", OWNER), "the record is as it was");

            JsonNode resumed = h.call(control, OWNER, IP, launch("arm", "m7g.medium", null));
            assertEquals(200, resumed.path("statusCode").asInt(), resumed.toString());
            assertEquals(saved.imageId(), resumed.path("body").path("imageId").asText());
            assertEquals("project", resumed.path("body").path("imageSource").asText());
            assertEquals(2, resumed.path("body").path("generation").asLong());
        }
    }

    @Test
    void anImageIsTakenOnlyFromThisAccountOrCanonicalAndOnlyForANewProject(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            h.events.prime();
            ControlEndpoint strict = h.control(TEAM);
            // An image this account made by hand (no devbox tag), naming its own login.
            String snapshot = aws.ec2().createSnapshot(r -> r.volumeId(aws.ec2().createVolume(v -> v
                    .availabilityZone("us-east-1a").size(12)).volumeId())).snapshotId();
            String handmade = aws.ec2().registerImage(r -> r.name("golden-2026").rootDeviceName("/dev/xvda")
                    .architecture("x86_64").blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                            .ebs(e -> e.snapshotId(snapshot).volumeSize(12)))).imageId();
            aws.ec2().createTags(r -> r.resources(handmade).tags(t -> t.key("devbox:ssh-user").value("ec2-user")));

            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(strict, OWNER, IP, imaged(launch("gpu", "m7i.large", null), LocalAws.GPU_IMAGE, null)),
                    400, "BAD_REQUEST", "AMI " + LocalAws.GPU_IMAGE + " belongs to account " + LocalAws.GPU_IMAGE_OWNER
                            + ", which this stack does not take images from");
            assertRefused(h.call(strict, OWNER, IP, imaged(launch("gpu", null, null), "ami-0doesnotexist", null)),
                    404, "NOT_FOUND", "No AMI ami-0doesnotexist");
            assertRefused(h.call(strict, OWNER, IP, imaged(launch("gpu", "t4g.small", null), handmade, null)),
                    400, "BAD_REQUEST", "t4g.small is a Graviton (arm64) instance type, but the image " + handmade
                            + " is x86 (x86_64)");
            assertRefused(h.call(strict, OWNER, IP, imaged(launch("gpu", null, null), handmade, "Admin")),
                    400, "BAD_REQUEST", "--ssh-user 'Admin' is not a Linux user name");
            assertEquals(before, WorldFingerprint.of(aws, h.table), "a refused launch changed the world");

            JsonNode mine = h.call(strict, OWNER, IP, imaged(launch("golden", "t3.small", null), handmade, null));
            assertEquals(200, mine.path("statusCode").asInt(), mine.toString());
            assertEquals(handmade, mine.path("body").path("imageId").asText());
            assertEquals("image", mine.path("body").path("imageSource").asText());
            assertEquals("ec2-user", mine.path("body").path("sshUser").asText(), "the image's tag names the user");
            assertEquals("ec2-user", h.project("golden", OWNER).sshUser(), "the record keeps it");
            h.startedByControlPlane(mine.path("body").path("instanceId").asText());
            h.settle();
            h.call(strict, OWNER, "terminate", "golden", null);
            h.settle();
            assertEquals(ProjectState.READY, h.project("golden", OWNER).state());
            String savedBefore = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(strict, OWNER, IP, imaged(launch("golden", null, null), handmade, null)), 409,
                    "CONFLICT", "Project 'golden' has saved generations and resumes from its own AMI: --image is only"
                            + " for a new project.");
            String projectAmi = h.project("golden", OWNER).imageId();
            assertRefused(h.call(strict, OWNER, IP, imaged(launch("other", null, null), projectAmi, null)), 400,
                    "BAD_REQUEST", "is a devbox project AMI");
            assertEquals(savedBefore, WorldFingerprint.of(aws, h.table), "a refused launch changed the world");
            JsonNode resumed = h.call(strict, OWNER, IP, launch("golden", null, null));
            assertEquals(200, resumed.path("statusCode").asInt(), resumed.toString());
            assertEquals("ec2-user", resumed.path("body").path("sshUser").asText(), "a resumed project keeps its user");
            assertEquals("ec2-user", h.call(strict, OWNER, IP, body("project", "golden")).path("body")
                    .path("project").path("sshUser").asText());

            // An owner AllowedImageOwners lists: GravitonIT (through the CLI) and BoxLaunchesTest. Not here: the
            // IAM check judges these calls with the template's default parameters, which list no owner.
        }
    }

    private static ObjectNode imaged(ObjectNode launch, String image, String sshUser) {
        ObjectNode ask = (ObjectNode) launch.get("launch");
        ask.put("image", image);
        if (sshUser != null) {
            ask.put("sshUser", sshUser);
        }
        return launch;
    }

    private static final String IP = "198.51.100.7";
    private static final String KEY = publicKey();

    private static ObjectNode body(String action, String project) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("action", action)
                .put("project", project);
    }

    /** A launch with the user's key, as the CLI sends it. */
    private static ObjectNode launch(String project, String type, Integer volumeGiB) {
        ObjectNode b = body("launch", project);
        ObjectNode ask = b.putObject("launch").put("idleMinutes", 60)
                .put("publicKey", KEY);
        if (type != null) {
            ask.put("instanceType", type);
        }
        if (volumeGiB != null) {
            ask.put("volumeSizeGiB", volumeGiB);
        }
        return b;
    }

    /** A fresh ed25519 public key in OpenSSH form (the raw key is the last 32 bytes of its X.509 form). */
    private static String publicKey() {
        try {
            byte[] x509 = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()
                    .getEncoded();
            java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(blob);
            out.writeInt(11);
            out.writeBytes("ssh-ed25519");
            out.writeInt(32);
            out.write(x509, x509.length - 32, 32);
            return "ssh-ed25519 " + java.util.Base64.getEncoder().encodeToString(blob.toByteArray()) + " tester";
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deleteRemovesOnlyWhatCarriesTheProjectsTagsWhateverItsRecordSays(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ForeignResources foreign = ForeignResources.seed(aws.ec2(), "web");
            h.events.prime();
            ControlEndpoint control = h.control(TEAM);
            Invariants.Box box = h.launch("web", Harness.volumes(1));
            h.settle();
            h.terminate(box);
            h.settle();
            assertEquals(ProjectState.READY, h.project("web").state());
            // The record names another stack's AMI (as a rewritten record would): it is left alone.
            String theirs = aws.ec2().describeImages(b -> b.owners("self")
                    .filters(f -> f.name("tag:devbox:stack").values("someone-else"))).images().get(0).imageId();
            aws.dynamo().updateItem(b -> b.tableName(h.table)
                    .key(Map.of("pk", AttributeValue.fromS("PROJECT"), "sk", AttributeValue.fromS("web")))
                    .updateExpression("SET imageId = :i")
                    .expressionAttributeValues(Map.of(":i", AttributeValue.fromS(theirs))));

            JsonNode deleted = h.call(control, OWNER, "delete", "web", null);
            assertEquals(200, deleted.path("statusCode").asInt(), deleted.toString());
            assertTrue(deleted.path("body").path("skipped").toString().contains(theirs), deleted.toString());
            assertEquals(1, deleted.path("body").path("images").size(), "its own AMI, from its retained list");
            foreign.assertUntouched();
        }
    }

    @Test
    void badRequestsAreRefusedWithAClearErrorAndChangeNothing(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            h.launch("web", Harness.volumes(1));
            h.settle();
            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, OWNER, "delete", "web", null), 409, "CONFLICT", "devbox terminate web");
            assertRefused(h.call(control, OWNER, "terminate", "nope", null), 404, "NOT_FOUND", "No project 'nope'");
            assertRefused(h.call(control, OWNER, "terminate", "Not A Name", null), 400, "BAD_REQUEST", "project name");
            assertRefused(h.call(control, OWNER, "launch-everything", "web", null), 400, "BAD_REQUEST",
                    "does not know the action");
            assertEquals(before, WorldFingerprint.of(aws, h.table));
        }
    }

    @Test
    void theLaunchRecordsItsRunningBoxsMappingOnceAndOnlyForItsOwner(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            h.events.prime();
            h.launch("web", Harness.volumes(2)); // the running event is not delivered yet
            assertFalse(h.project("web").mappingCaptured());
            assertRefused(h.call(control, "mallory", "capture", "web", null), 404, "NOT_FOUND", "No project 'web'");
            assertFalse(h.project("web").mappingCaptured());

            JsonNode first = h.call(control, OWNER, "capture", "web", null);
            assertTrue(first.path("body").path("recorded").asBoolean(), first.toString());
            assertTrue(h.project("web").mappingCaptured());
            assertFalse(h.call(control, OWNER, "capture", "web", null).path("body").path("recorded").asBoolean(),
                    "recorded once: the second asks changes nothing");
            h.settle();
            Invariants.check(h);
        }
    }

    @Test
    void portTwentyTwoOpensOnlyToTheCallersOwnAddressOrAnAllowedRange(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ControlEndpoint control = h.control(TEAM);
            String group = h.boxSecurityGroup();
            h.launch("web", Harness.volumes(1));
            h.settle();

            JsonNode own = h.call(control, OWNER, "198.51.100.7", ssh("web", null));
            assertEquals(200, own.path("statusCode").asInt(), own.toString());
            assertEquals("198.51.100.7/32", own.path("body").path("cidr").asText());
            assertEquals(Map.of("198.51.100.7/32", "devbox web"), rules(aws, group));

            String before = WorldFingerprint.of(aws, h.table);
            assertRefused(h.call(control, OWNER, "198.51.100.7", ssh("web", "0.0.0.0/0")), 403, "POLICY",
                    "whole internet");
            assertRefused(h.call(control, OWNER, "198.51.100.7", ssh("web", "203.0.113.0/24")), 403, "POLICY",
                    "AllowedSshCidrs (none)");
            assertRefused(h.call(control, OWNER, "198.51.100.7", ssh("web", "192.0.2.9/32")), 403, "POLICY",
                    "only to your own address (198.51.100.7/32)");
            assertRefused(h.call(control, "mallory", "198.51.100.66", ssh("web", null).put("owner", OWNER)), 403,
                    "FORBIDDEN", "Only an admin");
            assertRefused(h.call(control, OWNER, "198.51.100.7", ssh("web", "300.1.1.1/32")), 400, "BAD_REQUEST",
                    "--ssh-cidr");
            assertEquals(before, WorldFingerprint.of(aws, h.table), "a refused request changed the world");

            ControlEndpoint team = h.control(AdminPolicy.from(Map.of(AdminPolicy.ALLOWED_SSH_CIDRS, "203.0.113.0/24")));
            JsonNode office = h.call(team, OWNER, "198.51.100.7", ssh("web", "203.0.113.0/25"));
            assertEquals("203.0.113.0/25", office.path("body").path("cidr").asText(), office.toString());
            // No live box carries 198.51.100.7/32 (the harness's box predates nothing: it has no range tag
            // and no legacy rule), so it is stale now and closed.
            assertEquals(List.of("198.51.100.7/32"), strings(office.path("body").path("closedSsh")));

            JsonNode six = h.call(control, OWNER, "2001:db8::5", ssh("web", null));
            assertEquals("2001:db8::5/128", six.path("body").path("cidr").asText(), six.toString());
            assertEquals("devbox web", rules(aws, group).get("2001:db8::5/128"));

            JsonNode ended = h.call(control, OWNER, "terminate", "web", null);
            assertEquals(List.of("2001:db8::5/128"), strings(ended.path("body").path("closedSsh")),
                    "terminate closes the rules no live box needs");
            assertEquals(Map.of(), rules(aws, group));
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode ssh(String project, String cidr) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("action", "ssh")
                .put("project", project).put("cidr", cidr);
    }

    /** The group's port-22 ranges and their descriptions. */
    private static Map<String, String> rules(LocalAws aws, String group) {
        Map<String, String> rules = new java.util.TreeMap<>();
        aws.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions().stream()
                .filter(p -> p.fromPort() != null && p.fromPort() == 22).forEach(p -> {
                    p.ipRanges().forEach(r -> rules.put(r.cidrIp(), r.description()));
                    p.ipv6Ranges().forEach(r -> rules.put(r.cidrIpv6(), r.description()));
                });
        return rules;
    }

    private static void assertRefused(JsonNode reply, int status, String code, String says) {
        assertEquals(status, reply.path("statusCode").asInt(), reply.toString());
        JsonNode error = reply.path("body").path("error");
        assertEquals(code, error.path("code").asText(), reply.toString());
        assertTrue(error.path("message").asText().contains(says), error.path("message").asText());
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
