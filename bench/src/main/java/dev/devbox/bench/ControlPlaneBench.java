package dev.devbox.bench;

import dev.devbox.control.FunctionUrlEvent;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane's cold start and warm latency: control-fn's ControlHandler in a fresh JVM on
 * its own classpath, as Lambda starts it, handed a function URL request ({@code capture} of a
 * running project: a record read, a DescribeInstances, the ownership checks, a no-op mapping
 * write), then the same request {@link #WARM} more times in that JVM.
 */
public final class ControlPlaneBench {
    static final int WARM = 20;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = Report.smoke() ? 1 : Integer.getInteger("devbox.bench.runs", 7);
        Path work = Files.createTempDirectory("devbox-controlplane");
        Path hook = ColdStartBench.globalInterceptorHook(work);
        Report report = new Report("6-control-plane", "6. Control plane: cold start and warm latency (control-fn)");
        ColdStartBench.Function fn = new ColdStartBench.Function("control-fn ControlHandler (capture)", "control-fn",
                "dev.devbox.controlplane.ControlHandler", e -> false, ProjectState.RUNNING);
        Map<String, Stats> phases = new LinkedHashMap<>();
        try (LocalAws aws = Quietly.start(); World world = new World(aws, Clock.systemUTC())) {
            String vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
            String group = aws.ec2().createSecurityGroup(r -> r.vpcId(vpc).groupName("bench-box")
                    .description("bench boxes")).groupId();
            String subnet = aws.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.8.0.0/20")).subnet().subnetId();
            String template = aws.ec2().createLaunchTemplate(r -> r.launchTemplateName("bench-box")
                    .launchTemplateData(d -> d.instanceType("t3.small"))).launchTemplate().launchTemplateId();
            String owner = aws.environment().get("AWS_ACCESS_KEY_ID");
            for (int run = Report.smoke() ? 0 : -1; run < runs; run++) {
                String project = "cp" + (run + 1);
                world.launch(project, 1);
                world.settle();
                Path event = work.resolve(project + ".json");
                Files.writeString(event, FunctionUrlEvent.of("POST", owner, "198.51.100.7",
                        "{\"action\":\"capture\",\"project\":\"" + project + "\"}"));
                Map<String, Double> measured = ColdStartBench.runChild(root, fn, hook, event, aws, world,
                        Map.of("DEVBOX_SECURITY_GROUP", group, "DEVBOX_LAUNCH_TEMPLATE", template,
                                "DEVBOX_SUBNETS", subnet), List.of(Integer.toString(WARM)));
                if (run >= 0) {
                    measured.forEach((k, v) -> phases.computeIfAbsent(k, x -> new Stats()).add(v));
                }
            }
        }
        report.line("Each run: a fresh `java " + String.join(" ", ColdStartBench.JVM_FLAGS) + "` with `JAVA_TOOL_OPTIONS=\""
                + ColdStartBench.TOOL_OPTIONS + "\"`, classpath `control-fn/target/lambda/lib/*`, env as template.yaml"
                + " sets it (stack, table, security group, launch template, subnets, default team rules) pointing at the emulator. The request is a"
                + " function URL event for `capture` of the caller's running project. Milliseconds, median (min, max) over "
                + runs + " runs after one unrecorded warm-up (none in the smoke run); warm figures are per request, " + WARM + " requests per run.");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(fn.label(), phases.get("jvm").summary(), phases.get("sdk").summary(),
                phases.get("wiring").summary(), phases.get("handle").summary(), phases.get("handleWireMs").summary(),
                phases.get("toHandled").summary(), phases.get("warmMedian").summary(), phases.get("warmP90").summary()));
        report.table(List.of("handler", "JVM start -> main", "SDK clients (ec2+dynamodb)", "wiring (handler constructed)",
                "first request", "of which emulator (HTTP)", "JVM start -> first answer", "warm request, median",
                "warm request, p90"), rows);
        report.line("Without SnapStart. The emulator's share is HTTP to moto and DynamoDB Local on loopback; on AWS the"
                + " same calls go to the regional endpoints.");
        report.write();
    }
}
