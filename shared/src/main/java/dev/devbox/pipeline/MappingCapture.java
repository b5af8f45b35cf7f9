package dev.devbox.pipeline;

import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2Gateway.VolumeView;

import javax.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Records a running box's device mapping (data-safety invariant 4): on AWS a
 * terminated instance no longer reports its volumes, so this happens while it
 * still does (on {@code running}, on {@code shutting-down}, or by the reconciler).
 */
public final class MappingCapture {
    private final CycleStore cycles;
    private final Ec2Gateway ec2;
    private final PipelineSettings settings;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public MappingCapture(CycleStore cycles, Ec2Gateway ec2, PipelineSettings settings, Clock clock, StepLog log) {
        this.cycles = cycles;
        this.ec2 = ec2;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** Captures from a fresh DescribeInstances. */
    public boolean capture(Project project, String instanceId) {
        if (project.state() != ProjectState.RUNNING) {
            return false;
        }
        Optional<InstanceView> instance = ec2.instances(List.of(instanceId)).stream().findFirst();
        return instance.isPresent() && capture(project, instance.get());
    }

    /** Captures from an instance already described (the reconciler describes in batches). */
    public boolean capture(Project project, InstanceView instance) {
        StepLog.Step step = log.step("capture-mapping").cycle(project.cycle())
                .with("instance", instance.instanceId()).with("stage", project.state());
        if (project.state() != ProjectState.RUNNING) {
            step.outcome("not-needed");
            return false;
        }
        if (!Ownership.ownedByProject(instance.tags(), settings.stack(), project.name())) {
            step.warn("not-owned");
            return false;
        }
        if (instance.machine() == null || instance.volumeIdsByDevice().isEmpty()) {
            step.outcome("mapping-unavailable");
            return false;
        }
        if (project.mappingCaptured()) {
            return captureAttachedLater(project, instance, step);
        }
        Map<String, VolumeView> views = views(instance.volumeIdsByDevice());
        List<VolumeMapping> mappings = mappings(instance.volumeIdsByDevice(), views);
        if (mappings.size() != instance.volumeIdsByDevice().size()) {
            step.outcome("mapping-unavailable");
            return false;
        }
        tagFirst(project, views);
        boolean recorded = cycles.recordMapping(project.cycle(), instance.machine(), mappings, clock.instant());
        step.with("volumes", mappings.size()).outcome(recorded ? "recorded" : "already-recorded");
        return recorded;
    }

    /**
     * The mapping is recorded, but the user may have attached volumes since (invariant 6): add those,
     * so the cycle's AMI holds them too. Volumes detached since keep their records (their data as
     * left is saved; a deleted one ends the cycle FAILED with its id, never silently dropped).
     */
    private boolean captureAttachedLater(Project project, InstanceView instance, StepLog.Step step) {
        Set<String> recorded = cycles.volumes(project.cycle()).stream().map(CycleVolume::deviceName)
                .collect(Collectors.toSet());
        Map<String, String> attached = new LinkedHashMap<>(instance.volumeIdsByDevice());
        attached.keySet().removeAll(recorded);
        if (attached.isEmpty()) {
            step.outcome("not-needed");
            return false;
        }
        Map<String, VolumeView> views = views(attached);
        List<VolumeMapping> added = mappings(attached, views);
        if (added.size() != attached.size()) {
            step.outcome("mapping-unavailable");
            return false;
        }
        tagFirst(project, views);
        boolean recordedNow = cycles.recordAttachedVolumes(project.cycle(), added);
        step.with("volumes", added.size()).outcome(recordedNow ? "recorded-attached-later" : "already-recorded");
        return recordedNow;
    }

    /**
     * Tags, before anything is recorded, the volumes that do not carry this cycle's tags yet: the
     * tags are what later allows devbox (and its IAM policy) to snapshot and delete them. Volumes
     * RunInstances tagged are not tagged again, so the CLI, whose policy may tag only as a launch
     * creates, can record a fresh box's mapping.
     */
    private void tagFirst(Project project, Map<String, VolumeView> views) {
        List<String> untagged = views.values().stream()
                .filter(v -> !Ownership.ownedByCycle(v.tags(), settings.stack(), project.cycle()))
                .map(v -> v.mapping().volumeId()).toList();
        ec2.tag(untagged, Ownership.cycleTags(settings.stack(), project.cycle()));
    }

    private Map<String, VolumeView> views(Map<String, String> volumeIdsByDevice) {
        return ec2.volumes(volumeIdsByDevice.values()).stream()
                .collect(Collectors.toMap(v -> v.mapping().volumeId(), Function.identity(), (a, b) -> a,
                        LinkedHashMap::new));
    }

    /** The volumes' attributes under the device names the instance reports; unknown ids are left out. */
    private static List<VolumeMapping> mappings(Map<String, String> volumeIdsByDevice,
                                                Map<String, VolumeView> volumes) {
        List<VolumeMapping> mappings = new ArrayList<>();
        volumeIdsByDevice.forEach((device, volumeId) -> {
            VolumeView view = volumes.get(volumeId);
            if (view != null) {
                VolumeMapping v = view.mapping();
                mappings.add(new VolumeMapping(device, volumeId, v.volumeType(), v.sizeGiB(), v.iops(),
                        v.throughput(), v.encrypted(), v.kmsKeyId()));
            }
        });
        return mappings;
    }
}
