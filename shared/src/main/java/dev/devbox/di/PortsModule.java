package dev.devbox.di;

import dagger.Module;
import dagger.Provides;
import dev.devbox.adapter.ec2.Ec2Gateways;
import dev.devbox.port.Ec2Gateway;
import software.amazon.awssdk.services.ec2.Ec2Client;

import javax.inject.Singleton;

/** Ports onto their AWS adapters, given the SDK clients. */
@Module(includes = StoresModule.class)
public final class PortsModule {
    private PortsModule() {
    }

    @Provides
    @Singleton
    static Ec2Gateway ec2Gateway(Ec2Client ec2) {
        return Ec2Gateways.of(ec2);
    }
}
