package dev.devbox.di;

import dagger.Module;
import dagger.Provides;
import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.adapter.ec2.Ec2Gateways;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import javax.inject.Singleton;

/** Ports onto their AWS adapters, given the SDK clients. */
@Module
public final class PortsModule {
    private PortsModule() {
    }

    @Provides
    @Singleton
    static ProjectStore projectStore(DynamoDbClient dynamo, @TableName String table) {
        return DynamoDbStores.projectStore(dynamo, table);
    }

    @Provides
    @Singleton
    static CycleStore cycleStore(DynamoDbClient dynamo, @TableName String table) {
        return DynamoDbStores.cycleStore(dynamo, table);
    }

    @Provides
    @Singleton
    static Ec2Gateway ec2Gateway(Ec2Client ec2) {
        return Ec2Gateways.of(ec2);
    }
}
