package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectBusyException;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.emulator.DynamoDbLocalServer;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.SnapshotCompletion;
import dev.devbox.port.ProjectStore;
import dev.devbox.testing.SharedDynamoLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's conditional writes against DynamoDB Local's real semantics. */
class ProjectStoreIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static DynamoDbLocalServer server;
    private static DynamoDbClient dynamo;
    private ProjectStore projects;
    private CycleStore cycles;
    private String table;

    @BeforeAll
    static void start() {
        server = SharedDynamoLocal.server();
        dynamo = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    @AfterAll
    static void stop() {
        dynamo.close(); // the shared server outlives this class
    }

    @BeforeEach
    void table() {
        table = "store-" + TABLES.incrementAndGet();
        TableSchema.create(dynamo, table);
        TableSchema.create(dynamo, table); // idempotent
        projects = DynamoDbStores.projectStore(dynamo, table);
        cycles = DynamoDbStores.cycleStore(dynamo, table);
    }

    @Test
    void tenConcurrentLaunchesClaimTheProjectExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Project>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Callable<Project> claim = () -> projects.claimLaunch(ProjectName.of("web"), "me", NOW);
                attempts.add(pool.submit(claim));
            }
            int won = 0;
            for (Future<Project> attempt : attempts) {
                try {
                    assertEquals(1, attempt.get().generation());
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof ProjectBusyException, e.getCause().toString());
                }
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimWhoseOwnerClaimedElsewhereSinceItsTicketWasReadFailsAndChangesNothing() {
        long ticket = projects.launchTicket("me");
        assertEquals(0, ticket);
        projects.claimLaunch(ProjectName.of("api"), "me", NOW, ticket); // a racing launch of mine, committed first
        assertEquals(1, projects.launchTicket("me"));
        assertThrows(dev.devbox.domain.ConcurrentUpdateException.class,
                () -> projects.claimLaunch(ProjectName.of("web"), "me", NOW, ticket));
        assertTrue(projects.find(ProjectName.of("web")).isEmpty(), "the losing claim wrote nothing");
        assertEquals(1, projects.launchTicket("me"));
        assertEquals(0, projects.launchTicket("you"), "tickets are per owner");
        assertEquals(1, projects.claimLaunch(ProjectName.of("web"), "me", NOW, 1).generation());
        assertEquals(2, projects.launchTicket("me"));
        assertThrows(ProjectBusyException.class, () -> projects.claimLaunch(ProjectName.of("web"), "me", NOW, 2),
                "a project in flight is busy, whatever the ticket");
        assertEquals(2, projects.launchTicket("me"), "a busy claim moves no ticket");
        assertEquals(List.of("api", "web"), projects.list().stream().map(p -> p.name().value()).sorted().toList(),
                "tickets are not projects");
    }

    @Test
    void twoDevelopersRacingForANewNameLeaveItToExactlyOneOfThem() throws Exception {
        for (int round = 0; round < 5; round++) {
            ProjectName name = ProjectName.of("race" + round);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Project>> attempts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String owner = i % 2 == 0 ? "alice" : "bob";
                    attempts.add(pool.submit(() -> projects.claimLaunch(name, owner, NOW)));
                }
                List<String> winners = new ArrayList<>();
                for (Future<Project> attempt : attempts) {
                    try {
                        winners.add(attempt.get().owner());
                    } catch (java.util.concurrent.ExecutionException e) {
                        // Lost the conditional write (busy) or read the winner's record first (foreign).
                        assertTrue(e.getCause() instanceof ProjectBusyException
                                || e.getCause() instanceof ForeignProjectException, e.getCause().toString());
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": " + winners);
                Project claimed = projects.find(name).orElseThrow();
                assertEquals(winners.get(0), claimed.owner(), "the record is the winner's");
                assertEquals(1, claimed.generation());
                String loser = winners.get(0).equals("alice") ? "bob" : "alice";
                projects.markFailed(claimed.cycle(), ProjectState.LAUNCHING,
                        new Failure(ProjectState.LAUNCHING, "test"), NOW);
                assertThrows(ForeignProjectException.class, () -> projects.claimLaunch(name, loser, NOW.plusSeconds(1)));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aClaimNeverTakesAProjectFromItsOwner() {
        CycleRef first = projects.claimLaunch(ProjectName.of("web"), "alice", NOW).cycle();
        projects.markFailed(first, ProjectState.LAUNCHING, new Failure(ProjectState.LAUNCHING, "test"), NOW);
        Project before = projects.find(ProjectName.of("web")).orElseThrow();

        ForeignProjectException refused = assertThrows(ForeignProjectException.class,
                () -> projects.claimLaunch(ProjectName.of("web"), "bob", NOW.plusSeconds(1)));
        assertEquals("Project 'web' belongs to alice: a launch never changes a project's owner.", refused.getMessage());
        assertEquals(before, projects.find(ProjectName.of("web")).orElseThrow(), "nothing changed");

        assertEquals("alice", projects.claimLaunch(ProjectName.of("web"), "alice", NOW.plusSeconds(2)).owner());
    }

    @Test
    void eachLaunchBumpsTheGenerationAndStaleTransitionsAreRejected() {
        CycleRef first = projects.claimLaunch(ProjectName.of("web"), "me", NOW).cycle();
        projects.recordLaunched(first, "i-1", NOW);
        assertThrows(ProjectBusyException.class, () -> projects.claimLaunch(ProjectName.of("web"), "me", NOW));
        assertThrows(ConcurrentUpdateException.class, () -> projects.recordLaunched(first, "i-2", NOW));
        projects.markFailed(first, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "test"), NOW);
        assertThrows(ConcurrentUpdateException.class,
                () -> projects.markFailed(first, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "again"), NOW));

        Project second = projects.claimLaunch(ProjectName.of("web"), "me", NOW);
        assertEquals(2, second.generation());
        assertEquals(ProjectState.LAUNCHING, second.state());
        assertTrue(second.failed().isEmpty(), "a new launch clears the old failure");
        assertEquals(first, cycles.cycleOfInstance("i-1").orElseThrow());
        assertEquals(List.of(second), projects.inFlightSince(NOW.plusSeconds(1), 10));
        assertEquals(List.of(), projects.inFlightSince(NOW, 10));
    }

    @Test
    void inFlightSinceReturnsEveryStuckProjectPastOnePage() {
        // A crowd larger than one page: the reconciler once saw only the oldest page and starved the rest.
        for (int i = 0; i < 23; i++) {
            projects.claimLaunch(ProjectName.of("p" + i), "me", NOW.plusSeconds(i));
        }
        List<Project> stuck = projects.inFlightSince(NOW.plusSeconds(100), 5);
        assertEquals(23, stuck.size(), "every stuck project, not only the first page");
        assertEquals(23, stuck.stream().map(Project::name).distinct().count());
    }

    @Test
    void theLastOfConcurrentSnapshotCompletionsIsSeenExactlyOnce() throws Exception {
        CycleRef cycle = projects.claimLaunch(ProjectName.of("web"), "me", NOW).cycle();
        projects.recordLaunched(cycle, "i-1", NOW);
        List<VolumeMapping> volumes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            volumes.add(new VolumeMapping("/dev/sd" + (char) ('f' + i), "vol-" + i, "gp3", 10, null, null, true, null));
        }
        MachineProfile machine = new MachineProfile("x86_64", "/dev/sdf", true, "uefi");
        assertTrue(cycles.recordMapping(cycle, machine, volumes, NOW));
        assertTrue(!cycles.recordMapping(cycle, machine, volumes, NOW), "recorded once");
        cycles.beginSnapshotting(cycle, volumes.size(), NOW);
        for (VolumeMapping v : volumes) {
            cycles.recordSnapshot(cycle, v.deviceName(), "snap-" + v.volumeId());
        }

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<SnapshotCompletion>> results = new ArrayList<>();
            for (VolumeMapping v : volumes) {
                for (int copy = 0; copy < 2; copy++) {
                    results.add(pool.submit(() -> cycles.completeSnapshot(cycle, v.deviceName(), "snap-" + v.volumeId(), NOW)));
                }
            }
            int last = 0;
            int counted = 0;
            for (Future<SnapshotCompletion> r : results) {
                switch (r.get()) {
                    case LAST -> last++;
                    case COUNTED -> counted++;
                    default -> { }
                }
            }
            assertEquals(1, last);
            assertEquals(5, counted);
        } finally {
            pool.shutdownNow();
        }
        Project project = projects.find(ProjectName.of("web")).orElseThrow();
        assertEquals(ProjectState.IMAGING, project.state());
        assertEquals(0, project.pendingSnapshots());
    }

    @Test
    void deleteRemovesEveryRecordOfTheProjectAndRefusesWhileInFlight() {
        CycleRef cycle = projects.claimLaunch(ProjectName.of("web"), "me", NOW).cycle();
        projects.recordLaunched(cycle, "i-1", NOW);
        assertThrows(ProjectBusyException.class, () -> projects.delete(ProjectName.of("web")));
        cycles.recordMapping(cycle, new MachineProfile("x86_64", "/dev/sda1", true, null),
                List.of(new VolumeMapping("/dev/sda1", "vol-1", "gp3", 8, null, null, false, null)), NOW);
        projects.markFailed(cycle, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "test"), NOW);
        projects.claimLaunch(ProjectName.of("other"), "me", NOW);

        projects.delete(ProjectName.of("web"));

        assertTrue(projects.find(ProjectName.of("web")).isEmpty());
        assertTrue(cycles.cycleOfInstance("i-1").isEmpty());
        assertTrue(cycles.remainingVolumes(ProjectName.of("web")).isEmpty());
        assertEquals(List.of("other"), projects.list().stream().map(p -> p.name().value()).toList());
    }
}
