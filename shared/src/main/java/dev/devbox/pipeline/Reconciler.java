package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scheduled safety net: finds cycles whose state is older than the
 * threshold (a Query on the sparse {@code active} index, never a Scan), asks
 * EC2 what really happened, and advances them with the same idempotent steps
 * the event handlers use. Lost, late and duplicated events all end here.
 */
public final class Reconciler {
    /** Page size of the index Queries and ids per DescribeInstances call. */
    static final int BATCH = 50;

    private final ProjectStore projects;
    private final CycleStore cycles;
    private final Ec2Gateway ec2;
    private final MappingCapture mappings;
    private final SnapshotTaker snapshots;
    private final SnapshotResults results;
    private final ImageFinisher finisher;
    private final Cleaner cleaner;
    private final ProjectFailer failer;
    private final PipelineSettings settings;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public Reconciler(ProjectStore projects, CycleStore cycles, Ec2Gateway ec2, MappingCapture mappings,
                      SnapshotTaker snapshots, SnapshotResults results, ImageFinisher finisher, Cleaner cleaner,
                      ProjectFailer failer, PipelineSettings settings, Clock clock, StepLog log) {
        this.projects = projects;
        this.cycles = cycles;
        this.ec2 = ec2;
        this.mappings = mappings;
        this.snapshots = snapshots;
        this.results = results;
        this.finisher = finisher;
        this.cleaner = cleaner;
        this.failer = failer;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /**
     * One pass over every stuck project; returns how many it visited. A project whose step fails
     * does not stop the others: the pass visits them all, then reports the failures together
     * (so the scheduled invocation still counts as an error and its alarm sees it).
     */
    public int reconcile() {
        StepLog.Step pass = log.step("reconcile");
        List<Project> stuck = projects.inFlightSince(clock.instant().minus(settings.stuckAfter()), BATCH);
        Map<String, InstanceView> instances = runningInstances(stuck);
        List<RuntimeException> failures = new ArrayList<>();
        for (Project project : stuck) {
            try {
                visit(project, instances);
            } catch (ConcurrentUpdateException moved) {
                // An event handler advanced it meanwhile: that is the point.
                log.step("reconcile-project").cycle(project.cycle()).with("stage", project.state())
                        .outcome("moved-concurrently");
            } catch (RuntimeException e) {
                log.step("reconcile-project").cycle(project.cycle()).with("stage", project.state())
                        .with("error", e.getClass().getSimpleName()).warn("error");
                failures.add(e);
            }
        }
        pass.with("projects", stuck.size()).with("errors", failures.size()).outcome("done");
        if (!failures.isEmpty()) {
            ReconcileIncompleteException incomplete = new ReconcileIncompleteException(failures.size(), stuck.size(),
                    failures.get(0));
            failures.stream().skip(1).forEach(incomplete::addSuppressed);
            throw incomplete;
        }
        return stuck.size();
    }

    /** DescribeInstances for every RUNNING project, in batches of {@link #BATCH} ids. */
    private Map<String, InstanceView> runningInstances(List<Project> stuck) {
        List<String> ids = stuck.stream()
                .filter(p -> p.state() == ProjectState.RUNNING && p.instanceId() != null)
                .map(Project::instanceId).toList();
        Map<String, InstanceView> instances = new HashMap<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            ec2.instances(ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .forEach(i -> instances.put(i.instanceId(), i));
        }
        return instances;
    }

    private void visit(Project project, Map<String, InstanceView> instances) {
        StepLog.Step step = log.step("reconcile-project").cycle(project.cycle())
                .with("instance", project.instanceId()).with("stage", project.state());
        switch (project.state()) {
            case LAUNCHING -> launching(project, step);
            case RUNNING -> running(project, instances.get(project.instanceId()), step);
            case SNAPSHOTTING -> snapshotting(project, step);
            case IMAGING -> imaging(project, step);
            case READY -> {
                step.outcome("cleanup");
                cleaner.clean(project.name());
            }
            case FAILED -> step.outcome("nothing-to-do");
        }
    }

    private void launching(Project project, StepLog.Step step) {
        Optional<InstanceView> launched = ec2.instancesOfCycle(settings.stack(), project.cycle()).stream().findFirst();
        if (launched.isPresent()) {
            // The CLI started the box but never recorded it: record it, and the next pass carries on from RUNNING.
            projects.recordLaunched(project.cycle(), launched.get().instanceId(), clock.instant());
            step.with("instance", launched.get().instanceId()).outcome("recorded-launch");
        } else {
            step.outcome("launch-abandoned");
            failer.fail(project.cycle(), ProjectState.LAUNCHING, "the launch never started an instance");
        }
    }

    private void running(Project project, InstanceView instance, StepLog.Step step) {
        if (instance == null || "terminated".equals(instance.state())) {
            step.outcome("terminated");
            snapshots.instanceTerminated(project);
            return;
        }
        // While the box runs: record its mapping, or the volumes the user attached since it was recorded.
        step.outcome(project.mappingCaptured() ? "still-running" : "capture-mapping");
        if (instance.machine() != null) {
            mappings.capture(project, instance);
        }
    }

    private void snapshotting(Project project, StepLog.Step step) {
        CycleRef cycle = project.cycle();
        snapshots.takeMissing(project);
        List<CycleVolume> pending = cycles.volumes(cycle).stream()
                .filter(v -> v.snapshotState() == SnapshotState.PENDING).toList();
        Map<String, SnapshotView> views = ec2.snapshots(pending.stream().map(CycleVolume::snapshotId).toList())
                .stream().collect(Collectors.toMap(SnapshotView::snapshotId, Function.identity()));
        step.with("pending", pending.size()).outcome("checking-snapshots");
        for (CycleVolume volume : pending) {
            SnapshotView view = views.get(volume.snapshotId());
            if (view == null || "error".equals(view.state())) {
                results.failed(cycle, volume.deviceName(), volume.snapshotId(),
                        view == null ? "snapshot disappeared" : view.stateMessage());
            } else if ("completed".equals(view.state())) {
                results.succeeded(cycle, volume.deviceName(), volume.snapshotId());
            }
        }
    }

    private void imaging(Project project, StepLog.Step step) {
        CycleRef cycle = project.cycle();
        if (project.pendingImageId() == null) {
            int attempts = projects.recordAttempt(cycle, ProjectState.IMAGING, clock.instant());
            if (attempts > settings.maxImageAttempts()) {
                step.outcome("attempts-exhausted");
                failer.fail(cycle, ProjectState.IMAGING,
                        "the AMI could not be registered after " + settings.maxImageAttempts() + " attempts; volumes are kept");
                return;
            }
            step.with("attempt", attempts).outcome("register");
            results.resumeImaging(cycle);
            return;
        }
        Optional<ImageView> image = ec2.image(project.pendingImageId());
        String state = image.map(ImageView::state).orElse("missing");
        step.with("image", project.pendingImageId()).with("imageState", state).outcome("checking-image");
        switch (state) {
            case "available" -> finisher.available(cycle, project.pendingImageId());
            case "failed", "missing", "deregistered" -> finisher.failed(cycle, project.pendingImageId(),
                    image.map(ImageView::stateReason).orElse("the AMI disappeared"));
            default -> {
                // Still pending: AWS is working on it.
            }
        }
    }
}
