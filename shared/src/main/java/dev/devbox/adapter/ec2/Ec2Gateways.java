package dev.devbox.adapter.ec2;

import dev.devbox.port.ControlEc2;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.ReadEc2;
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

    /**
     * {@code volumeStatus}: false against an emulator without DescribeVolumeStatus (moto answers it
     * with a server error the SDK retries for seconds); reads then leave initialization progress out.
     */
    public static ReadEc2 reads(Ec2Client ec2, boolean volumeStatus) {
        return new SdkReadEc2(ec2, volumeStatus);
    }

    public static LaunchEc2 launch(Ec2Client ec2) {
        return new SdkLaunchEc2(ec2);
    }
}
