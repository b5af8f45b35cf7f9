package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ProjectName;
import dev.devbox.domain.VolumeMapping;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What someone with write access to the table could do (the threat the team-safe
 * control plane closes): write a record the pipeline never wrote. Tests use it to
 * show the pipeline does not take the table's word for what it may delete.
 */
public final class TableTampering {
    private TableTampering() {
    }

    /** Adds a volume record to a cycle, as if it had been captured from the box. */
    public static void plantVolume(DynamoDbClient dynamo, String table, ProjectName project, long generation,
                                   VolumeMapping volume) {
        dynamo.putItem(b -> b.tableName(table).item(ItemMapper.volumeItem(project, generation, volume)));
    }
}
