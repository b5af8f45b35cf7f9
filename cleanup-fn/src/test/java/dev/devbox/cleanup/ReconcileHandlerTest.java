package dev.devbox.cleanup;

import dev.devbox.pipeline.Pipeline;
import dev.devbox.pipeline.PipelineConfig;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.EventPublisher;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import dev.devbox.diagnostics.SdkCallCounter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;
import org.mockito.ArgumentCaptor;

class ReconcileHandlerTest {

    @Test
    void aRunQueriesTheSparseIndexOncePerInFlightMarkerAndNeverScans() {
        SdkCallCounter ec2Calls = new SdkCallCounter();
        Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1)
                .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(ec2Calls)).build();
        DynamoDbClient dynamo = mock(DynamoDbClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
        doReturn(QueryResponse.builder().items(List.of()).build()).when(dynamo).query(any(QueryRequest.class));
        Pipeline pipeline = Pipeline.create(new PipelineConfig(ec2, dynamo, mock(EventPublisher.class), "table",
                PipelineSettings.defaults("test"), Clock.systemUTC(),
                new StepLog(new PrintStream(OutputStream.nullOutputStream()))));

        new ReconcileHandler(pipeline.reconciler())
                .handleRequest(new ByteArrayInputStream("{}".getBytes()), OutputStream.nullOutputStream(), null);

        ArgumentCaptor<QueryRequest> queries = ArgumentCaptor.forClass(QueryRequest.class);
        verify(dynamo, times(5)).query(queries.capture());
        queries.getAllValues().forEach(q -> assertEquals("active", q.indexName()));
        verify(dynamo, times(0)).scan(any(software.amazon.awssdk.services.dynamodb.model.ScanRequest.class));
        assertEquals(0, ec2Calls.total(), "EC2 calls");
    }
}
