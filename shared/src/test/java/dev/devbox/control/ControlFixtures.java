package dev.devbox.control;

import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.Ec2Gateway.InstanceView;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small builders for the control plane's unit tests (the ports are Mockito mocks there). */
final class ControlFixtures {
    static final String STACK = "dev";
    static final String OWNER = "arn:aws:iam::123456789012:user/alice";
    static final ProjectName WEB = ProjectName.of("web");
    static final PipelineSettings SETTINGS = PipelineSettings.defaults(STACK);
    static final ControlSettings CONTROL = new ControlSettings("sg-0boxes", "lt-0box", java.util.List.of("subnet-a", "subnet-b"),
            null, null, java.time.Duration.ZERO);
    static final MachineProfile MACHINE = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");

    private ControlFixtures() {
    }

    static StepLog quietLog() {
        return new StepLog(new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Alice's project in {@code state}, generation 2, box i-1, saved as ami-2 (and ami-1 retained). */
    static Project project(ProjectState state, String owner) {
        return new Project(WEB, state, 2, Instant.parse("2026-12-01T00:00:00Z"), owner, "i-1", "ami-2", 1L, null, 0, 2,
                MACHINE, 0, false, null);
    }

    /** The box as the launch tags it: this stack, project, generation 2, the owner. */
    static InstanceView box(String state, String ownerTag) {
        Map<String, String> tags = new LinkedHashMap<>(Map.of("devbox:stack", STACK, "devbox:project", "web",
                "devbox:generation", "2"));
        if (ownerTag != null) {
            tags.put("devbox:owner", ownerTag);
        }
        return new InstanceView("i-1", state, tags, MACHINE, Map.of("/dev/sda1", "vol-1"));
    }
}
