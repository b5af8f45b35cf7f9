package dev.devbox.adapter.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Publishes devbox's events with one SigV4-signed PutEvents call (JSON 1.1
 * protocol). devbox needs no more of EventBridge than this one operation, and
 * the SDK's eventbridge module is not available to the build.
 */
final class SignedPutEventsPublisher implements EventPublisher {
    static final String SOURCE = "devbox";
    static final String READY = "Project Ready";
    static final String FAILED = "Project Failed";

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final String busName;
    private final ObjectMapper json;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SignedPutEventsPublisher(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint,
                             String busName, ObjectMapper json) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.busName = busName;
        this.json = json;
    }

    @Override
    public void projectReady(CycleRef cycle, String imageId) {
        ObjectNode detail = detail(cycle);
        detail.put("imageId", imageId);
        put(READY, detail);
    }

    @Override
    public void projectFailed(CycleRef cycle, Failure failure) {
        ObjectNode detail = detail(cycle);
        detail.put("stage", failure.stage().name());
        detail.put("reason", failure.reason());
        put(FAILED, detail);
    }

    private ObjectNode detail(CycleRef cycle) {
        ObjectNode detail = json.createObjectNode();
        detail.put("project", cycle.project().value());
        detail.put("generation", cycle.generation());
        return detail;
    }

    private void put(String detailType, ObjectNode detail) {
        ObjectNode body = json.createObjectNode();
        ObjectNode entry = body.putArray("Entries").addObject();
        entry.put("Source", SOURCE);
        entry.put("DetailType", detailType);
        entry.put("Detail", detail.toString());
        entry.put("EventBusName", busName);
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);

        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSEvents.PutEvents")
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            String text = read(response);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new PublishFailedException(detailType, "HTTP " + status + ": " + abbreviate(text));
            }
            JsonNode result = json.readTree(text);
            if (result.path("FailedEntryCount").asInt(0) > 0) {
                throw new PublishFailedException(detailType,
                        result.path("Entries").path(0).path("ErrorCode").asText("unknown error"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PutEvents " + detailType + " failed", e);
        }
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
