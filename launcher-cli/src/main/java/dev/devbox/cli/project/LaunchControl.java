package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.ssh.LocalPublicKey;
import dev.devbox.cli.ui.Ui;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One launch's requests to the stack's control plane, in the order the launch makes them: the
 * launch itself (judged, claimed and started there, with the control plane's permissions), then
 * the device mapping and port 22 again once the box runs.
 */
final class LaunchControl {
    private final Projects projects;
    private final LaunchRequest request;

    LaunchControl(Projects projects, LaunchRequest request) {
        this.projects = projects;
        this.request = request;
    }

    /**
     * The launch itself, in the control plane: it judges the asks against the team rules, opens
     * port 22 to the range asked for or the caller's own address, claims the project and starts the
     * box. Says what the control plane noted (a Spot fallback, a box found after an error) and which
     * stale port-22 rules it closed.
     *
     * @param key an EC2 key pair's name, or the user's public key to import
     * @return the control plane's reply: generation, instanceId, imageId, cidr, ...
     */
    JsonNode launch(Object key, String userData) {
        Map<String, Object> ask = new LinkedHashMap<>();
        ask.put("instanceType", request.instanceType());
        ask.put("volumeSizeGiB", request.volumeSizeGiB());
        ask.put("idleMinutes", request.idleMinutes());
        ask.put("spot", request.spot() ? Boolean.TRUE : null);
        ask.put("spotFallback", request.spotFallback() ? Boolean.TRUE : null);
        ask.put("fromGeneration", request.fromGeneration());
        ask.put("initRateMiBs", request.initRateMiBs());
        ask.put("image", request.image());
        ask.put("sshUser", request.sshUser());
        ask.put("privateBox", request.privateBox() ? Boolean.TRUE : null);
        if (key instanceof LocalPublicKey publicKey) {
            ask.put("publicKey", publicKey.material());
        } else {
            ask.put("keyName", key);
        }
        ask.put("userData", userData);
        ask.values().removeIf(java.util.Objects::isNull);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cidr", request.sshCidr());
        fields.put("launch", ask);
        JsonNode reply = call("launch", fields);
        reply.path("notes").forEach(n -> projects.ui().info(n.asText()));
        reportClosed(projects.ui(), reply);
        return reply;
    }

    /**
     * The box's device mapping, now that it runs (invariant 4); the pipeline does the same on the
     * running event, whichever is first. Best effort: a launch that worked is not failed for it.
     */
    void captureMapping() {
        try {
            boolean recorded = call("capture", Map.of()).path("recorded").asBoolean();
            projects.ui().debug("device mapping at launch: "
                    + (recorded ? "recorded" : "nothing new (already recorded, or left to the pipeline)"));
        } catch (RuntimeException e) {
            projects.ui().debug("device mapping not recorded at launch: " + e.getMessage());
        }
    }

    /**
     * After the box runs: re-asserts this launch's rule (a concurrent launch or terminate may have
     * judged it stale before our box's tags were visible), and the control plane closes the rules no
     * live box needs. Housekeeping: a launch that worked is not failed for it.
     */
    void tidySsh(String cidr) {
        try {
            reportClosed(projects.ui(), call("ssh", Map.of("cidr", cidr)));
        } catch (RuntimeException e) {
            projects.ui().info("Could not check devbox's SSH rules (" + e.getMessage() + "): port 22 to " + cidr
                    + " may need 'devbox launch' again if SSH does not answer.");
        }
    }

    /** Says which port-22 ranges a reply's {@code closedSsh} lists, if any: the same line for every command. */
    static void reportClosed(Ui ui, JsonNode reply) {
        List<String> closed = new ArrayList<>();
        reply.path("closedSsh").forEach(c -> closed.add(c.asText()));
        if (!closed.isEmpty()) {
            ui.info("Closed port 22 to " + String.join(", ", closed) + ": no running box needs it any more.");
        }
    }

    private JsonNode call(String action, Map<String, ?> fields) {
        return projects.aws().control().call(action, request.project().value(), projects.ownerFlag(), fields);
    }
}
