package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.ui.Ui;
import dev.devbox.domain.CycleRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One launch's requests to the stack's control plane, in the order the launch makes them: port 22
 * (before the claim, so that a refused range changes nothing), the claim (the team rules judged
 * again, with the control plane's permissions), the box it started or the claim given up, then the
 * device mapping and port 22 again once the box runs.
 */
final class LaunchControl {
    private final Projects projects;
    private final LaunchRequest request;

    LaunchControl(Projects projects, LaunchRequest request) {
        this.projects = projects;
        this.request = request;
    }

    /**
     * Port 22, opened to what the team rules allow: the range asked for, else the caller's own
     * address as AWS sees the request. An emulated box has no SSH server, so in local mode nothing
     * is opened unless a range is asked for.
     *
     * @return the range opened, or null when none was
     */
    String openSsh() {
        if (request.sshCidr() == null && projects.aws().endpointOverridden()) {
            return null;
        }
        JsonNode reply = call("ssh", request.sshCidr() == null ? Map.of() : Map.of("cidr", request.sshCidr()));
        reportClosed(projects.ui(), reply);
        String cidr = reply.path("cidr").isTextual() ? reply.path("cidr").asText() : null;
        if (cidr == null) {
            projects.ui().info("The control plane could not tell your address: SSH works only if the stack allows"
                    + " it (pass --ssh-cidr A.B.C.D/32 to open it).");
        }
        return cidr;
    }

    /** @return the generation the claim opened */
    long claim(List<Integer> volumeSizes) {
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("instanceType", request.instanceType());
        asked.put("volumeSizes", volumeSizes);
        return call("claim", asked).path("generation").asLong();
    }

    void launched(CycleRef cycle, String instanceId) {
        call("launched", Map.of("generation", cycle.generation(), "instanceId", instanceId));
    }

    /** Gives the claim up as FAILED, with the error's own words: no box was started for it. */
    void release(CycleRef cycle, String reason) {
        call("release", Map.of("generation", cycle.generation(), "reason", reason));
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
        Optional<String> owner = projects.access().actingFor();
        return projects.aws().control().call(action, request.project().value(), owner, fields);
    }
}
