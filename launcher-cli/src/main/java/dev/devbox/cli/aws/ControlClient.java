package dev.devbox.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.ConflictException;
import dev.devbox.cli.error.DevboxException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.cli.ui.Ui;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Requests to the stack's control plane: a JSON POST to its function URL, signed with SigV4 as
 * service "lambda" with the caller's own credentials (the same chain as every other call, SSO
 * included), which Lambda verifies and hands the function as the caller's identity. Replies
 * become the CLI's exceptions and exit codes; the control plane's message is shown as it is.
 */
public final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stackName;
    private String url;
    /** Describes the stack again and returns its control plane's URL now (null: no way to ask). */
    private final Supplier<String> relocate;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final SdkHttpClient http;
    private final Ui ui;

    ControlClient(String stackName, String url, AwsCredentialsProvider credentials, Region region,
                  SdkHttpClient http, Ui ui) {
        this(stackName, url, null, credentials, region, http, ui);
    }

    /** {@code relocate}: where a URL that no longer answers (from a cache, say) is looked up again. */
    ControlClient(String stackName, String url, Supplier<String> relocate, AwsCredentialsProvider credentials,
                  Region region, SdkHttpClient http, Ui ui) {
        this.stackName = stackName;
        this.url = url;
        this.relocate = relocate;
        this.credentials = credentials;
        this.region = region;
        this.http = http;
        this.ui = ui;
    }

    /** @return the reply's JSON object on success */
    public JsonNode call(String action, String project, Optional<String> owner) {
        return call(action, project, owner, Map.of());
    }

    /**
     * As {@link #call(String, String, Optional)}, with the action's own fields (null values left out).
     * A URL that no longer answers, where the function surely did not run (no connection, or Lambda's
     * own 403 or 404), is looked up again once, and the request sent there if it moved.
     */
    public JsonNode call(String action, String project, Optional<String> owner, Map<String, ?> fields) {
        try {
            return send(action, project, owner, fields);
        } catch (StaleUrl stale) {
            String fresh = relocate == null ? null : relocate.get();
            if (fresh == null || fresh.equals(url)) {
                throw stale.failure;
            }
            ui.debug("control plane: " + url + " moved to " + fresh);
            url = fresh;
            try {
                return send(action, project, owner, fields);
            } catch (StaleUrl again) {
                throw again.failure;
            }
        }
    }

    /** The failure to report, from a URL that may just be out of date. */
    private static final class StaleUrl extends RuntimeException {
        final DevboxException failure;

        StaleUrl(DevboxException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    private JsonNode send(String action, String project, Optional<String> owner, Map<String, ?> fields) {
        if (url == null) {
            throw new ConfigurationException("Stack '" + stackName + "' has no control plane (no output"
                    + " 'ControlUrl'): it was deployed by an older devbox. Ask its admin to update it"
                    + " ('sam build && sam deploy').");
        }
        ObjectNode body = JSON.createObjectNode().put("action", action).put("project", project);
        owner.ifPresent(o -> body.put("owner", o));
        fields.forEach((k, v) -> {
            if (v != null) {
                body.set(k, JSON.valueToTree(v));
            }
        });
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(url.endsWith("/") ? url : url + "/");
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("content-type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        ui.debug("control plane: " + action + " " + project + " -> " + uri);
        int status;
        String text;
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            status = response.httpResponse().statusCode();
            try (InputStream in = response.responseBody().orElse(null)) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.net.ConnectException | java.net.UnknownHostException e) {
            throw new StaleUrl(new AwsFailureException("Could not reach the control plane of stack '" + stackName + "' at " + uri
                    + " (" + e.getMessage() + "): nothing was changed; check your network and try again.", e));
        } catch (IOException e) {
            // Sent, but no answer: it may have been carried out, so this does not say "nothing changed".
            throw new AwsFailureException("No answer from the control plane of stack '" + stackName + "' at " + uri
                    + " (" + e.getMessage() + "): check your network; 'devbox status " + project + "' shows whether"
                    + " the " + action + " happened before you try again.", e);
        }
        ui.debug("control plane: HTTP " + status + " " + text);
        return reply(status, text, project);
    }

    private JsonNode reply(int status, String text, String project) {
        JsonNode reply;
        try {
            reply = JSON.readTree(text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            reply = JSON.createObjectNode();
        }
        if (status / 100 == 2 && !reply.has("error")) {
            return reply;
        }
        JsonNode error = reply.path("error");
        String message = error.path("message").asText("");
        if (message.isEmpty()) {
            // Not the control plane's own refusal: Lambda's, before the function ran.
            if (status == 403 || status == 401 || status == 404) {
                throw new StaleUrl(status == 404 ? new AwsFailureException("The control plane of stack '" + stackName
                        + "' is not at " + url + " (HTTP 404): nothing was changed; redeploy the stack if this stays.")
                        : new DevboxException(ExitCode.FORBIDDEN, "AWS refused your call to the control plane of"
                        + " stack '" + stackName + "' (HTTP " + status + "): your IAM identity needs the stack's"
                        + " managed policy (output UserPolicyArn); nothing was changed."));
            }
            throw new AwsFailureException("The control plane of stack '" + stackName + "' failed (HTTP " + status
                    + (text.isBlank() ? "" : ": " + abbreviate(text)) + "): it may have stopped part way; 'devbox"
                    + " status " + project + "' shows where the project stands.");
        }
        throw switch (error.path("code").asText("")) {
            case "FORBIDDEN" -> new DevboxException(ExitCode.FORBIDDEN, message);
            case "POLICY" -> new DevboxException(ExitCode.POLICY, message);
            case "NOT_FOUND" -> new NotFoundException(message);
            case "CONFLICT" -> new ConflictException(message);
            case "BAD_REQUEST" -> new UsageException(message);
            case "UNSIGNED" -> new ConfigurationException(message);
            default -> new AwsFailureException(message);
        };
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
