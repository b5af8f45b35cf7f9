package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.it.lambda.PackagedFunction;
import dev.devbox.cli.it.lambda.RuntimeApi;
import dev.devbox.control.FunctionUrlEvent;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function as `sam build` packages it (the task root's lib/*.jar, whose AWS SDK service jars
 * lambda-trim has cut down to what devbox reaches) and as Lambda runs it (AWS's runtime interface
 * client, its own process, Lambda's JVM flags, template.yaml's handler strings and environment), not
 * the in-process handlers the other tests call. The CLI's commands reach the packaged control
 * function (launch, list, a refused launch, terminate, status, history, the next launch), and the
 * pipeline's three functions, fed the events the emulated EC2 produces, save the box into a project
 * AMI that the next launch boots. Each acknowledges a malformed event without an error (EventBridge
 * would retry an error, and then dead-letter it). A class the trimming dropped that some path still
 * needs fails here as a NoClassDefFoundError in the function's answer.
 */
@ExtendWith(EmulatorExtension.class)
class PackagedFunctionsIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> PIPELINE = Map.of(
            "EC2 Instance State-change Notification", "snapshot-fn",
            "EBS Snapshot Notification", "ami-fn",
            "EC2 AMI State Change", "cleanup-fn");

    @TempDir
    Path home;

    @Test
    void the_packaged_functions_under_the_runtime_interface_client_save_a_box_and_the_next_launch_boots_it(
            LocalAws aws) throws Exception {
        Map<String, PackagedFunction> functions = new LinkedHashMap<>();
        List<String> routed = new CopyOnWriteArrayList<>();
        // Events reach the packaged functions only; an error answer makes the event source retry, as EventBridge.
        PipelineWorld world = new PipelineWorld(aws, home, Map.of(), event -> {
            String type = PipelineWorld.JSON.readTree(event).path("detail-type").asText();
            PackagedFunction function = functions.get(PIPELINE.get(type));
            if (function == null) {
                return; // no rule of the stack's matches it
            }
            RuntimeApi.Outcome outcome = function.invoke(event);
            routed.add(function.name() + ": " + type);
            if (outcome.failed()) {
                throw new IllegalStateException(function.name() + " failed: " + outcome.error());
            }
        });
        try {
            Map<String, String> env = new LinkedHashMap<>(aws.environment());
            Map<String, String> outputs = world.runtime.outputs();
            env.put("DEVBOX_STACK", PipelineWorld.STACK);
            env.put("DEVBOX_TABLE", outputs.get("TableName"));
            env.put("DEVBOX_EVENT_BUS", outputs.get("EventBusName"));
            Map<String, String> controlEnv = new LinkedHashMap<>(env);
            controlEnv.put("DEVBOX_SECURITY_GROUP", outputs.get("SecurityGroupId"));
            controlEnv.put("DEVBOX_LAUNCH_TEMPLATE", outputs.get("LaunchTemplateId"));
            controlEnv.put("DEVBOX_SUBNETS", outputs.get("SubnetIds"));
            controlEnv.put("DEVBOX_BASE_IMAGE_PARAMETER", outputs.get("BaseImageParameter"));
            controlEnv.put("DEVBOX_BASE_IMAGE_PARAMETER_ARM", outputs.get("BaseImageParameterArm64"));
            controlEnv.put("DEVBOX_DEFAULT_INSTANCE_TYPE", outputs.get("DefaultInstanceType"));
            Path logs = Path.of("target", "packaged-functions");
            // One at a time: the runtime client unpacks its native library to one fixed path in /tmp, which
            // concurrent starts would race on (in Lambda each function has its own /tmp). Each is started and
            // handed a malformed event, which every function acknowledges (the control plane answers 400).
            start(functions, "snapshot-fn", "dev.devbox.snapshot.SnapshotHandler::handleRequest", env, logs);
            start(functions, "ami-fn", "dev.devbox.ami.AmiHandler::handleRequest", env, logs);
            start(functions, "cleanup-fn", "dev.devbox.cleanup.CleanupHandler::handleRequest", env, logs);
            PackagedFunction control = start(functions, "control-fn",
                    "dev.devbox.controlplane.ControlHandler::handleRequest", controlEnv, logs);
            assertEquals(400, PipelineWorld.JSON.readTree(control.invoke(FunctionUrlEvent.of("POST",
                    PipelineWorld.DEVELOPER, "{\"action\":")).response()).path("statusCode").asInt(), control.log());

            // From here every CLI command reaches the packaged control function, as through the function URL.
            world.runtime.routeControlTo(event -> {
                RuntimeApi.Outcome outcome = control.invoke(event);
                if (outcome.failed()) {
                    throw new IllegalStateException("control-fn failed: " + outcome.error());
                }
                return outcome.response();
            });

            // A new project: the base image from SSM, the type's architecture, the box, the records.
            JsonNode first = world.json(world.cli.run("launch", "web", "-o", "json"));
            String box = first.get("instanceId").asText();
            assertEquals("ubuntu-24.04", first.get("imageSource").asText(), first.toString());
            JsonNode listed = world.json(world.cli.run("list", "-o", "json"));
            assertTrue(listed.toString().contains("\"web\""), listed.toString());
            CliRunner.Result again = world.cli.run("launch", "web");
            assertEquals(ExitCode.CONFLICT, again.exitCode(), again.toString());
            assertEquals(1, world.instancesOf("web").size(), "a refused launch started nothing");

            // The developer's terminate, through the packaged control plane; the packaged pipeline saves it.
            world.json(world.cli.run("terminate", "web", "-o", "json"));
            JsonNode saved = world.json(world.cli.run("wait", "web", "--timeout", "3", "-o", "json"));
            assertEquals("READY", saved.get("state").asText(), saved + "\nrouted: " + routed + logs(functions));
            assertEquals("terminated", world.instance(box).state().nameAsString());
            assertTrue(saved.path("imageId").asText().startsWith("ami-"), saved.toString());
            // The AMI's state change (cleanup-fn's) may trail READY by an event-source poll.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (routed.stream().noneMatch(r -> r.startsWith("cleanup-fn:")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (String module : PIPELINE.values()) {
                assertTrue(routed.stream().anyMatch(r -> r.startsWith(module + ":")), module + " never ran: " + routed);
            }

            // The packaged control plane reads it back; the next launch boots the project AMI it names.
            JsonNode status = world.json(world.cli.run("status", "web", "-o", "json"));
            String ami = saved.path("imageId").asText();
            assertEquals(ami, status.path("imageId").asText(), status.toString());
            JsonNode history = world.json(world.cli.run("history", "web", "-o", "json"));
            assertTrue(history.toString().contains(ami), history.toString());
            JsonNode second = world.json(world.cli.run("launch", "web", "-o", "json"));
            assertEquals("project", second.get("imageSource").asText(), second.toString());
            assertEquals(ami, world.instance(second.get("instanceId").asText()).imageId());
            for (String action : List.of("launch", "list", "terminate", "status", "history")) {
                assertTrue(control.log().contains("\"action\":\"" + action + "\""), "no " + action + " reached "
                        + "the packaged control function:\n" + control.log());
            }
            for (PackagedFunction f : functions.values()) {
                assertFalse(f.log().contains("Exception in thread"), f.name() + " crashed:\n" + f.log());
            }
        } finally {
            for (PackagedFunction f : functions.values()) {
                f.close();
            }
            world.close();
        }
    }

    private static PackagedFunction start(Map<String, PackagedFunction> functions, String module, String handler,
                                          Map<String, String> env, Path logs) throws Exception {
        PackagedFunction f = PackagedFunction.start(REPO, module, handler, env, logs);
        functions.put(module, f);
        String malformed = module.equals("control-fn")
                ? FunctionUrlEvent.of("POST", PipelineWorld.DEVELOPER, "{\"action\":") : "{\"not\":\"an event\"}";
        RuntimeApi.Outcome outcome = f.invoke(malformed);
        assertFalse(outcome.failed(), module + ": " + outcome.error() + "\n" + f.log());
        return f;
    }

    private static JsonNode reply(PackagedFunction control, String body) throws Exception {
        RuntimeApi.Outcome outcome = control.invoke(FunctionUrlEvent.of("POST", PipelineWorld.DEVELOPER, body));
        assertFalse(outcome.failed(), outcome.error() + "\n" + control.log());
        return PipelineWorld.JSON.readTree(outcome.response());
    }

    private static String logs(Map<String, PackagedFunction> functions) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        for (PackagedFunction f : functions.values()) {
            all.append("\n--- ").append(f.name()).append(":\n").append(f.log());
        }
        return all.toString();
    }
}
