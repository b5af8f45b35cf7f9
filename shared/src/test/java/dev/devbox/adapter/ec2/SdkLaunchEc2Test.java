package dev.devbox.adapter.ec2;

import dev.devbox.port.LaunchEc2;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureType;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** An instance type's architectures: asked of EC2 once per type for the life of the container. */
class SdkLaunchEc2Test {
    @Test
    @SuppressWarnings("unchecked")
    void aTypesArchitecturesAreAskedOnceAndAnUnknownTypeIsEmptyAndAskedAgain() {
        Ec2Client ec2 = mock(Ec2Client.class);
        when(ec2.describeInstanceTypes(any(Consumer.class))).thenAnswer(call -> {
            DescribeInstanceTypesRequest.Builder asked = DescribeInstanceTypesRequest.builder();
            ((Consumer<DescribeInstanceTypesRequest.Builder>) call.getArgument(0)).accept(asked);
            String type = asked.build().instanceTypesAsStrings().get(0);
            if (type.equals("t9.small")) {
                throw Ec2Exception.builder().awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InvalidInstanceType").errorMessage("no such type").build()).build();
            }
            return DescribeInstanceTypesResponse.builder().instanceTypes(InstanceTypeInfo.builder()
                    .instanceType(type).processorInfo(p -> p.supportedArchitectures(ArchitectureType.ARM64)).build())
                    .build();
        });
        LaunchEc2 launch = Ec2Gateways.launch(ec2);
        assertEquals(Set.of("arm64"), launch.architectures("t4g.small"));
        assertEquals(Set.of("arm64"), launch.architectures("t4g.small"));
        verify(ec2, times(1)).describeInstanceTypes(any(Consumer.class));
        assertEquals(Set.of(), launch.architectures("t9.small"));
        assertEquals(Set.of(), launch.architectures("t9.small"));
        verify(ec2, times(3)).describeInstanceTypes(any(Consumer.class));
    }
}
