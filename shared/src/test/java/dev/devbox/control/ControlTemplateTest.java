package dev.devbox.control;

import dev.devbox.di.LambdaEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void onlyTheControlPlaneOpensTunnelsAndOnlyToSshForAtMostAnHour() throws IOException {
        String template = read("template.yaml");
        String function = controlFunction(template);
        assertTrue(function.contains("DEVBOX_PRIVATE_BOXES: !Ref PrivateBoxes"));
        assertTrue(function.contains("DEVBOX_TUNNEL_ENDPOINT: !If [HasTunnelEndpoint, !Ref TunnelEndpoint, \"\"]"));
        // The IAM simulator cannot judge OpenTunnel (its service data lists the endpoint's resource type
        // twice), so the statement is checked here, as written.
        assertTrue(function.contains("""
                              - HasTunnelEndpoint
                              - Sid: OpenSshTunnelsThroughTheStacksEndpoint
                                Effect: Allow
                                Action: ec2-instance-connect:OpenTunnel
                                Resource: !Sub arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance-connect-endpoint/${TunnelEndpoint}
                                Condition:
                                  NumericEquals:
                                    ec2-instance-connect:remotePort: "22"
                                  NumericLessThanEquals:
                                    ec2-instance-connect:maxTunnelDuration: "3600"
                              - !Ref AWS::NoValue
                """), "the control role may open tunnels through the stack's endpoint only, to port 22, for an hour");
        assertEquals(1, template.split("ec2-instance-connect:OpenTunnel", -1).length - 1,
                "no other statement (a developer's policy above all) grants OpenTunnel");
        String userPolicy = template.substring(template.indexOf("  DevboxUserPolicy:\n"), template.indexOf("\nOutputs:"));
        assertFalse(userPolicy.contains("ec2-instance-connect"), "developers get no EC2 Instance Connect permission");
        String launchTemplate = template.substring(template.indexOf("  BoxLaunchTemplate:\n"),
                template.indexOf("  DevboxUserPolicy:\n"));
        assertFalse(launchTemplate.contains("\n        SecurityGroupIds:"), "EC2 refuses a template's instance-level groups"
                + " beside the network interface a private box is launched with");
        assertTrue(template.contains("PreserveClientIp: false"));
        assertTrue(template.contains("SourceSecurityGroupId: !GetAtt TunnelEndpointSecurityGroup.GroupId"),
                "the boxes' group admits SSH from the endpoint's group");
    }

    @Test
    void everyActionIsDocumented() throws IOException {
        String doc = read("docs/control-plane.md");
        ControlService.ACTIONS.forEach(a -> assertTrue(doc.contains("| `" + a + "` |"), a + " in docs/control-plane.md"));
    }
}
