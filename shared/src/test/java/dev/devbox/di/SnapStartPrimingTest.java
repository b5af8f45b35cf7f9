package dev.devbox.di;

import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** SnapStart priming: one read-only request per client, the roles' own, and never a failure. */
class SnapStartPrimingTest {
    private final Ec2Client ec2 = mock(Ec2Client.class);
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ClientPrimers others = new ClientPrimers();
    private final SnapStartPriming priming = new SnapStartPriming(ec2, dynamo, "devbox-projects",
            PipelineSettings.defaults("dev"), others, new StepLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));

    @Test
    @SuppressWarnings("unchecked")
    void eachClientReadsOnceWhatNoProjectIsAndTheStacksOwnVolumes() {
        when(dynamo.getItem(any(Consumer.class))).thenAnswer(i -> {
            GetItemRequest.Builder b = GetItemRequest.builder();
            ((Consumer<GetItemRequest.Builder>) i.getArgument(0)).accept(b);
            GetItemRequest r = b.build();
            assertEquals("devbox-projects", r.tableName());
            assertEquals(Map.of("pk", AttributeValue.fromS("PROJECT"), "sk", AttributeValue.fromS("-snapstart-priming")),
                    r.key());
            return GetItemResponse.builder().build();
        });
        when(ec2.describeVolumes(any(Consumer.class))).thenAnswer(i -> {
            DescribeVolumesRequest.Builder b = DescribeVolumesRequest.builder();
            ((Consumer<DescribeVolumesRequest.Builder>) i.getArgument(0)).accept(b);
            DescribeVolumesRequest r = b.build();
            assertEquals("tag:devbox:stack", r.filters().get(0).name());
            assertEquals(List.of("dev"), r.filters().get(0).values());
            return DescribeVolumesResponse.builder().build();
        });
        priming.beforeCheckpoint(null);
        verify(dynamo).getItem(any(Consumer.class));
        verify(ec2).describeVolumes(any(Consumer.class));
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"done\""), logged.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedRequestIsLoggedAndTheOtherStillMade() {
        when(dynamo.getItem(any(Consumer.class))).thenThrow(new IllegalStateException("no credentials yet"));
        when(ec2.describeVolumes(any(Consumer.class))).thenThrow(Ec2Exception.builder().message("denied").build());
        priming.beforeCheckpoint(null);
        verify(ec2).describeVolumes(any(Consumer.class));
        String line = logged.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("no credentials yet") && line.contains("denied") && line.contains("\"partly\""), line);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOtherClientsTheGraphBuiltArePrimedTooAndOneThatFailsIsNamed() {
        when(dynamo.getItem(any(Consumer.class))).thenReturn(GetItemResponse.builder().build());
        when(ec2.describeVolumes(any(Consumer.class))).thenReturn(DescribeVolumesResponse.builder().build());
        List<String> ran = new java.util.ArrayList<>();
        others.add(new ClientPrimers.Primer("eventbridge", () -> ran.add("eventbridge")));
        others.add(new ClientPrimers.Primer("ssm", () -> {
            ran.add("ssm");
            throw new IllegalStateException("parameter not found");
        }));
        priming.beforeCheckpoint(null);
        assertEquals(List.of("eventbridge", "ssm"), ran);
        String line = logged.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("\"ssm\":\"parameter not found\"") && line.contains("\"primed\":3")
                && line.contains("\"partly\""), line);
    }
}
