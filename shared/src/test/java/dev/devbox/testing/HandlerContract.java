package dev.devbox.testing;

import dev.devbox.pipeline.Pipeline;
import dev.devbox.pipeline.PipelineConfig;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.EventPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import dev.devbox.diagnostics.SdkCallCounter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.withSettings;

/**
 * What every pipeline handler promises, run by each function module's handler test: it is thin,
 * reads and routes its own events, and acknowledges the rest (malformed, foreign, another
 * function's) without touching AWS or logging the payload.
 */
public abstract class HandlerContract {
    /** A handler as Lambda calls it: the event's bytes in. */
    @FunctionalInterface
    protected interface Handling {
        void handle(InputStream event) throws IOException;
    }

    /** The function's handler, wired to this pipeline's service for it. */
    protected abstract Handling handler(Pipeline pipeline);

    /** A fixture of this function's own event type (about a resource devbox does not know). */
    protected abstract String ownEventFixture();

    /** A fixture of an event another function handles. */
    protected abstract String otherFunctionsEventFixture();

    private final SdkCallCounter ec2Calls = new SdkCallCounter();
    /** A real client (mocking EC2's 700-method interface is slow) that must never be called. */
    private final Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1)
            .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.addExecutionInterceptor(ec2Calls)).build();
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private Handling handler;

    @BeforeEach
    void wire() {
        doReturn(GetItemResponse.builder().build()).when(dynamo).getItem(any(GetItemRequest.class));
        Pipeline pipeline = Pipeline.create(new PipelineConfig(ec2, dynamo, mock(EventPublisher.class), "table",
                PipelineSettings.defaults("test"), Clock.systemUTC(),
                new StepLog(new PrintStream(logs, true, StandardCharsets.UTF_8))));
        handler = handler(pipeline);
    }

    @Test
    void anEventAboutAResourceDevboxDoesNotKnowCostsOneKeyRead() throws IOException {
        handler.handle(stream(fixture(ownEventFixture())));

        verify(dynamo, times(1)).getItem(any(GetItemRequest.class));
        assertEquals(0, ec2Calls.total(), "EC2 calls");
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"ignored-unknown-"), logs::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "{}", "{\"detail-type\":\"EC2 AMI State Change\",\"source\":\"aws.ec2\"}"})
    void malformedEventsAreLoggedAndAcknowledged(String event) throws IOException {
        handler.handle(stream(event));

        assertEquals(0, ec2Calls.total(), "EC2 calls");
        verifyNoMoreInteractions(dynamo);
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"malformed\""), logs::toString);
        assertTrue(!logs.toString(StandardCharsets.UTF_8).contains("garbage") || event.isEmpty(), "no payload in logs");
    }

    @Test
    void otherFunctionsEventsAreAcknowledgedUntouched() throws IOException {
        handler.handle(stream(fixture(otherFunctionsEventFixture())));

        assertEquals(0, ec2Calls.total(), "EC2 calls");
        verifyNoMoreInteractions(dynamo);
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"ignored-type\""), logs::toString);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private String fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
