package dev.devbox.di;

import dagger.Module;
import dagger.Provides;
import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.inject.Singleton;

/** The DynamoDB-backed stores. */
@Module
public final class StoresModule {
    private StoresModule() {
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
}
