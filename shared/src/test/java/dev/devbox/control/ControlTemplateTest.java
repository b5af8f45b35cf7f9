package dev.devbox.control;

import dev.devbox.di.LambdaEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml gives the control plane what its code reads, and the docs show what the template says. */
class ControlTemplateTest {
    private static String read(String path) throws IOException {
        return Files.readString(Path.of("..").resolve(path));
    }

    private static String controlFunction(String template) {
        int start = template.indexOf("\n  ControlFunction:\n");
        int end = template.indexOf("\n  # ", start + 1);
        assertTrue(start > 0 && end > start, "template.yaml has a ControlFunction resource");
        return template.substring(start, end);
    }

    @Test
    void everyTeamRuleReachesTheControlPlanesEnvironmentFromItsParameter() throws IOException {
        String function = controlFunction(read("template.yaml"));
        LambdaEnvironment.POLICY_VARIABLES.forEach((parameter, variable) -> assertTrue(
                function.contains(variable + ": !Ref " + parameter), variable + " is set from parameter " + parameter));
        assertTrue(function.contains("DEVBOX_SECURITY_GROUP: !GetAtt BoxSecurityGroup.GroupId"));
        assertTrue(function.contains("DEVBOX_LAUNCH_TEMPLATE: !Ref BoxLaunchTemplate"));
        assertTrue(function.contains("DEVBOX_EBS_KMS_KEY: !Ref EbsKmsKeyId"));
        dev.devbox.di.ControlModule.REQUIRED.forEach(v -> assertTrue(function.contains(v + ":"), v + " is set"));
        assertTrue(function.contains("AuthType: AWS_IAM"), "the function URL verifies the caller's signature");
    }

    @Test
    void theDevelopersPolicyInTheDocsIsTheTemplatesWordForWord() throws IOException {
        String template = read("template.yaml");
        String policy = template.substring(template.indexOf("  DevboxUserPolicy:\n"), template.indexOf("\nOutputs:"))
                .stripTrailing();
        assertTrue(read("docs/template.md").contains("```yaml\n" + policy + "\n```"),
                "docs/template.md shows DevboxUserPolicy as template.yaml has it: copy it again");
    }

    @Test
    void everyActionIsDocumented() throws IOException {
        String doc = read("docs/control-plane.md");
        ControlService.ACTIONS.forEach(a -> assertTrue(doc.contains("| `" + a + "` |"), a + " in docs/control-plane.md"));
    }
}
