package dev.devbox.cli.local;

import dev.devbox.adapter.dynamodb.TableSchema;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.emulator.LocalAws;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The local stand-in for `sam deploy`: creates in the emulator what template.yaml creates in an
 * account (VPC, two subnets, the boxes' security group, the launch template, the table) and
 * records their ids as the outputs of a CloudFormation stack of the same name, so the CLI finds
 * them with the very DescribeStacks it uses against AWS.
 */
public final class LocalStack {
    /** Where the local stack keeps its base image id (moto refuses parameters under /aws/). */
    public static final String BASE_IMAGE_PARAMETER = "/devbox/local/ubuntu-24.04/ami-id";
    /** The same for arm64 (Graviton boxes). */
    public static final String BASE_IMAGE_PARAMETER_ARM64 = "/devbox/local/ubuntu-24.04/arm64/ami-id";
    /** The launch template's instance type, as the template's DefaultInstanceType sets it. */
    static final String DEFAULT_INSTANCE_TYPE = "t3.small";

    private LocalStack() {
    }

    /**
     * The template parameters local mode honours ({@code devbox local --parameter Key=Value}): they
     * become the stack outputs the CLI reads, as a deployed stack's do. The others shape resources
     * (VPC, alarms, the pipeline's schedule) that the local stand-in creates its own way.
     */
    public static final List<String> PARAMETERS = java.util.stream.Stream.concat(AdminPolicy.SETTINGS.stream(),
            java.util.stream.Stream.of("EbsKmsKeyId", "PrivateBoxes")).toList();
    /**
     * The EC2 Instance Connect Endpoint the local stack records for PrivateBoxes Allowed or Always:
     * the emulator has none, so private boxes launch locally but cannot be tunnelled to.
     */
    public static final String LOCAL_TUNNEL_ENDPOINT = "eice-0000000000local";

    /** The outputs a stack deployed with {@code parameters} adds; refuses what local mode cannot honour. */
    public static Map<String, String> outputsFor(Map<String, String> parameters) {
        Map<String, String> outputs = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("local mode does not model the parameter '" + key
                        + "'; it honours " + String.join(", ", PARAMETERS));
            }
            if (!value.isBlank()) {
                outputs.put(key, value);
            }
        });
        AdminPolicy.from(outputs); // invalid rules are refused here, as CloudFormation refuses a bad parameter
        String privateBoxes = outputs.get("PrivateBoxes");
        if (privateBoxes != null) {
            if (!List.of("Never", "Allowed", "Always").contains(privateBoxes)) {
                throw new IllegalArgumentException("PrivateBoxes takes Never, Allowed or Always, not '"
                        + privateBoxes + "'");
            }
            if (!privateBoxes.equals("Never")) {
                outputs.put("InstanceConnectEndpointId", LOCAL_TUNNEL_ENDPOINT);
            }
        }
        return outputs;
    }

    /** The local stack's project table. */
    public static String tableName(String stackName) {
        return stackName + "-projects";
    }

    /** Creates the stack's resources and the stack; returns its outputs by key. */
    public static Map<String, String> bootstrap(LocalAws aws, String stackName) {
        return bootstrap(aws, stackName, Map.of());
    }

    /**
     * As {@link #bootstrap(LocalAws, String)}, with the outputs a deployed stack adds for its
     * optional parameters (for example {@code EbsKmsKeyId}).
     */
    public static Map<String, String> bootstrap(LocalAws aws, String stackName, Map<String, String> optionalOutputs) {
        Ec2Client ec2 = aws.ec2();
        DynamoDbClient dynamo = aws.dynamo();
        Map<String, String> stackTag = Map.of(ResourceNames.TAG_STACK, stackName);

        String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
        String subnetA = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.0.0/20")
                .availabilityZone(aws.region().id() + "a")).subnet().subnetId();
        String subnetB = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.16.0/20")
                .availabilityZone(aws.region().id() + "b")).subnet().subnetId();
        for (String subnet : List.of(subnetA, subnetB)) {
            ec2.modifySubnetAttribute(r -> r.subnetId(subnet).mapPublicIpOnLaunch(b -> b.value(true)));
        }
        String group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(stackName + "-devbox-box")
                .description("devbox boxes - SSH only from the launching user's address")).groupId();
        String templateName = stackName + "-box";
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName(templateName)
                .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE)
                        .tags(tag -> tag.key(ResourceNames.TAG_STACK).value(stackName)))
                .launchTemplateData(d -> d
                        .instanceType(DEFAULT_INSTANCE_TYPE)
                        .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                        .metadataOptions(m -> m.httpTokens(LaunchTemplateHttpTokensState.REQUIRED).httpPutResponseHopLimit(1))
                        .blockDeviceMappings(b -> b.deviceName("/dev/sda1").ebs(e -> e.volumeType(VolumeType.GP3)
                                .volumeSize(20).encrypted(true).deleteOnTermination(false)))))
                .launchTemplate().launchTemplateId();

        String table = tableName(stackName);
        TableSchema.create(dynamo, table);

        String baseImage = LocalAws.UBUNTU_2404_AMD64;
        try (SsmClient ssm = aws.configure(SsmClient.builder()).build()) {
            ssm.putParameter(r -> r.name(BASE_IMAGE_PARAMETER).value(baseImage).type(ParameterType.STRING)
                    .overwrite(true).description("The local stand-in for Canonical's Ubuntu 24.04 parameter"));
            ssm.putParameter(r -> r.name(BASE_IMAGE_PARAMETER_ARM64).value(LocalAws.UBUNTU_2404_ARM64)
                    .type(ParameterType.STRING).overwrite(true)
                    .description("The local stand-in for Canonical's Ubuntu 24.04 arm64 parameter"));
        }

        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("TableName", table);
        outputs.put("LaunchTemplateId", template);
        outputs.put("LaunchTemplateName", templateName);
        outputs.put("SecurityGroupId", group);
        outputs.put("SubnetIds", subnetA + "," + subnetB);
        outputs.put("VpcId", vpc);
        outputs.put("EventBusName", "default");
        outputs.put("BaseImageParameter", BASE_IMAGE_PARAMETER);
        outputs.put("BaseImageParameterArm64", BASE_IMAGE_PARAMETER_ARM64);
        outputs.put("DefaultInstanceType", DEFAULT_INSTANCE_TYPE);
        outputs.putAll(optionalOutputs);
        try (CloudFormationClient cfn = aws.configure(CloudFormationClient.builder()).build()) {
            cfn.createStack(r -> r.stackName(stackName).templateBody(templateBody(outputs))
                    .tags(t -> t.key(ResourceNames.TAG_STACK).value(stackName)));
        }
        return outputs;
    }

    /** A template with one placeholder resource (a stack needs one) and the outputs as literals. */
    static String templateBody(Map<String, String> outputs) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"AWSTemplateFormatVersion\":\"2010-09-09\",")
                .append("\"Description\":\"devbox local stack (resources created by devbox local)\",")
                .append("\"Resources\":{\"Placeholder\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}},")
                .append("\"Outputs\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":{\"Value\":\"").append(e.getValue()).append("\"}");
        }
        return sb.append("}}").toString();
    }
}
