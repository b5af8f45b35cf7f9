package dev.devbox.adapter.ec2;

import dev.devbox.port.ControlEc2;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.LaunchEc2;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The only public way to the EC2 adapter. */
public final class Ec2Gateways {
    private Ec2Gateways() {
    }

    public static Ec2Gateway of(Ec2Client ec2) {
        return new SdkEc2Gateway(ec2);
    }

    public static ControlEc2 control(Ec2Client ec2) {
        return new SdkEc2Gateway(ec2);
    }

    public static LaunchEc2 launch(Ec2Client ec2) {
        return new SdkLaunchEc2(ec2);
    }
}
