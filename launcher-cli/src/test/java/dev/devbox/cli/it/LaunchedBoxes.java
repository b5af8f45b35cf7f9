package dev.devbox.cli.it;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ResourceNames;
import dev.devbox.testing.Invariants.Box;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * The world's record of the boxes the user started with `devbox launch`, for the history oracle: taken on
 * the control plane's own EC2 client (which starts the boxes `devbox launch` asks for) from each RunInstances that EC2 answered (before any fault a test injects after
 * it, so a box whose response was lost is still the user's), with the volumes EC2 then reports.
 * Nothing here reads a tag the pipeline set.
 */
final class LaunchedBoxes implements ExecutionInterceptor {
    private final Ec2Client world;
    /** Live: the oracle reads it from the pipeline's threads while launches add to it. */
    final List<Box> boxes = new CopyOnWriteArrayList<>();

    LaunchedBoxes(Ec2Client world) {
        this.world = world;
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        if (context.request() instanceof RunInstancesRequest request
                && context.response() instanceof RunInstancesResponse response) {
            CycleRef cycle = cycleLaunched(request);
            for (Instance started : response.instances()) {
                Map<String, String> volumes = new LinkedHashMap<>();
                world.describeInstances(r -> r.instanceIds(started.instanceId())).reservations().get(0).instances()
                        .get(0).blockDeviceMappings().forEach(m -> volumes.put(m.deviceName(), m.ebs().volumeId()));
                boxes.add(new Box(cycle, started.instanceId(), volumes));
            }
        }
    }

    /** The cycle launched for, as the request asked EC2 to tag the instance. */
    private static CycleRef cycleLaunched(RunInstancesRequest request) {
        Map<String, String> tags = new LinkedHashMap<>();
        request.tagSpecifications().stream().filter(s -> s.resourceType() == ResourceType.INSTANCE)
                .forEach(s -> s.tags().forEach(t -> tags.put(t.key(), t.value())));
        return new CycleRef(ProjectName.of(tags.get(ResourceNames.TAG_PROJECT)),
                Long.parseLong(tags.get(ResourceNames.TAG_GENERATION)));
    }
}
