package dev.devbox.pipeline;

import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything {@link Pipeline#create} needs. The caller owns (and closes) the clients.
 *
 * @param publisher where Project Ready / Project Failed go; see
 *                  {@code dev.devbox.adapter.eventbridge.EventPublishers}, or a recording fake
 */
public record PipelineConfig(Ec2Client ec2, DynamoDbClient dynamo, EventPublisher publisher, String table,
                             PipelineSettings settings, Clock clock, StepLog log) {
    public PipelineConfig {
        Objects.requireNonNull(ec2, "ec2");
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
    }

    public static PipelineConfig of(Ec2Client ec2, DynamoDbClient dynamo, EventPublisher publisher, String stack,
                                    String table, Clock clock) {
        return new PipelineConfig(ec2, dynamo, publisher, table, PipelineSettings.defaults(stack), clock,
                StepLog.stderr());
    }

    public PipelineConfig withSettings(PipelineSettings newSettings) {
        return new PipelineConfig(ec2, dynamo, publisher, table, newSettings, clock, log);
    }

    public PipelineConfig withLog(StepLog newLog) {
        return new PipelineConfig(ec2, dynamo, publisher, table, settings, clock, newLog);
    }
}
