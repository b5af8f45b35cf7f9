package dev.devbox.di;

import dev.devbox.domain.ResourceNames;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;

import javax.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, each client makes one real,
 * read-only request that every function's role allows (a DynamoDB GetItem of a key no project
 * has, an EC2 DescribeVolumes of this stack's volumes), and each other client the function built
 * its own ({@link ClientPrimers}: SSM reads the base image parameter, EventBridge signs a
 * PutEvents it never sends), so the SDK's lazy work (marshallers,
 * endpoint rules, signer, TLS) is in the snapshot and a restored function's first event does none
 * of it. A failed priming request is logged and changes nothing: the function just starts colder.
 * Handlers register it as SnapStart's runtime hook ({@link #register}); elsewhere it never runs.
 */
public final class SnapStartPriming implements Resource {
    /** A sort key no project can have (project names start with a letter). */
    static final String NO_PROJECT = "-snapstart-priming";

    private final Ec2Client ec2;
    private final DynamoDbClient dynamo;
    private final String table;
    private final PipelineSettings settings;
    private final ClientPrimers others;
    private final StepLog log;

    @Inject
    public SnapStartPriming(Ec2Client ec2, DynamoDbClient dynamo, @TableName String table, PipelineSettings settings,
                            ClientPrimers others, StepLog log) {
        this.ec2 = ec2;
        this.dynamo = dynamo;
        this.table = table;
        this.settings = settings;
        this.others = others;
        this.log = log;
    }

    /** Registers with the runtime's global context; the caller keeps it (the context holds it weakly). */
    public SnapStartPriming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: the clients resolve credentials again on their next request
    }

    /** The requests, one per client; each one's failure is logged and passed over. */
    public void prime() {
        StepLog.Step step = log.step("snapstart-priming");
        int primed = 0;
        try {
            dynamo.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("PROJECT"),
                    "sk", AttributeValue.fromS(NO_PROJECT))));
            primed++;
        } catch (RuntimeException e) {
            step.with("dynamodb", String.valueOf(e.getMessage()));
        }
        try {
            ec2.describeVolumes(r -> r.filters(f -> f.name("tag:" + ResourceNames.TAG_STACK).values(settings.stack()))
                    .maxResults(5));
            primed++;
        } catch (RuntimeException e) {
            step.with("ec2", String.valueOf(e.getMessage()));
        }
        List<ClientPrimers.Primer> more = others.all();
        for (ClientPrimers.Primer primer : more) {
            try {
                primer.request().run();
                primed++;
            } catch (RuntimeException e) {
                step.with(primer.client(), String.valueOf(e.getMessage()));
            }
        }
        step.with("primed", primed).outcome(primed == 2 + more.size() ? "done" : "partly");
    }
}
