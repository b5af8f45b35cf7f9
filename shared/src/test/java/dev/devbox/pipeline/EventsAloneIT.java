package dev.devbox.pipeline;

import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.adapter.dynamodb.TableSchema;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.ProjectStore;
import dev.devbox.testing.FakeEc2;
import dev.devbox.testing.MutableClock;
import dev.devbox.testing.RecordingPublisher;
import dev.devbox.testing.SharedDynamoLocal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events alone carry a cycle to READY, with no reconciler pass. The random schedules run the
 * reconciler after every step, so a handler that did nothing at all went unnoticed there (mutation
 * testing showed every routing mutant of Pipeline.dispatch surviving them).
 */
class EventsAloneIT {

    @Test
    void aTerminatedBoxIsSavedAndCleanedByItsEventsWithoutTheReconciler() {
        String table = "events-alone-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(SharedDynamoLocal.server().endpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
             Ec2Client unused = Ec2Client.builder().region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            TableSchema.create(dynamo, table);
            FakeEc2 ec2 = new FakeEc2();
            MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
            RecordingPublisher published = new RecordingPublisher();
            Pipeline pipeline = Pipeline.create(new PipelineConfig(unused, dynamo, published, table,
                    PipelineSettings.defaults("solo"), clock, new StepLog(new PrintStream(OutputStream.nullOutputStream()))), ec2);
            ProjectStore projects = DynamoDbStores.projectStore(dynamo, table);

            ProjectName name = ProjectName.of("web");
            CycleRef cycle = projects.claimLaunch(name, "me", clock.instant()).cycle();
            String instance = ec2.runInstance(Map.of("devbox:stack", "solo", "devbox:project", "web",
                    "devbox:generation", "1"), List.of(
                    new VolumeMapping("/dev/sda1", "-", "gp3", 20, 3000, 125, true, null),
                    new VolumeMapping("/dev/sdf", "-", "gp2", 50, null, null, true, null)));
            projects.recordLaunched(cycle, instance, clock.instant());
            List<String> volumes = List.copyOf(ec2.devicesOf(instance).values());
            deliver(pipeline, ec2);
            assertTrue(projects.find(name).orElseThrow().mappingCaptured(), "the running event recorded the mapping");

            ec2.terminate(instance);
            deliver(pipeline, ec2);

            Project after = projects.find(name).orElseThrow();
            assertEquals(ProjectState.READY, after.state(), String.valueOf(after.failure()));
            assertFalse(after.cleanupPending(), "cleanup finished by the AMI's event");
            assertTrue(ec2.allImages().containsKey(after.imageId()));
            assertEquals(2, ec2.allImages().get(after.imageId()).devices().size());
            volumes.forEach(v -> assertFalse(ec2.allVolumes().containsKey(v), v + " deleted after the AMI was recorded"));
        }
    }

    /** Every event EC2 emitted, in order, once, until none are left. */
    private static void deliver(Pipeline pipeline, FakeEc2 ec2) {
        for (List<String> batch = ec2.drainEvents(); !batch.isEmpty(); batch = ec2.drainEvents()) {
            batch.forEach(pipeline::dispatch);
        }
    }
}
