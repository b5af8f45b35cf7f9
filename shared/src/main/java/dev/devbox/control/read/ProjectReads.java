package dev.devbox.control.read;

import dev.devbox.control.OwnedBoxes;
import dev.devbox.domain.IdleReport;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.RetainedImage;
import dev.devbox.control.launch.BoxRunner;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ReadEc2;
import dev.devbox.port.ReadEc2.BoxFacts;
import dev.devbox.port.ReadEc2.ImageFacts;
import dev.devbox.port.ReadEc2.VolumeFacts;
import dev.devbox.port.ReadEc2.VolumeInit;

import javax.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reads behind `list`, `status`, `history`, `wait` and `ssh`, for projects the caller may
 * see (the service checked that). A box is shown only when its own tags name the project's
 * stack, cycle and owner, as for terminate: the record alone never points a developer at a box.
 * EC2 is read in batches per request (one DescribeInstances, one DescribeVolumes, one paginated
 * DescribeImages for a whole list), never per project.
 */
public final class ProjectReads {
    private final ReadEc2 ec2;
    private final ControlEc2 consoles;
    private final CycleStore cycles;
    private final PipelineSettings settings;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public ProjectReads(ReadEc2 ec2, ControlEc2 consoles, CycleStore cycles, PipelineSettings settings, Clock clock,
                        StepLog log) {
        this.ec2 = ec2;
        this.consoles = consoles;
        this.cycles = cycles;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** One project and its box's basics (state, address, key): what waits and ssh poll. */
    public Map<String, Object> look(Project project) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", ProjectView.of(project));
        BoxFacts box = boxesOf(List.of(project)).get(project.name().value());
        reply.put("box", box == null ? null : view(box, List.of(), Map.of(), null, null));
        if (project.state() == ProjectState.READY || project.state() == ProjectState.FAILED) {
            // What a launch renders into the next box's login message; the polls of a running box skip the read.
            reply.put("lastEnding", lastEnding(project));
        }
        return reply;
    }

    /** How the project's last box ended, as the pipeline and the control plane recorded it; null if unknown. */
    private Map<String, Object> lastEnding(Project project) {
        return cycles.lastEnding(project.name()).map(e -> {
            Map<String, Object> ending = new LinkedHashMap<>();
            ending.put("generation", e.generation());
            ending.put("cause", e.cause().word());
            ending.put("at", e.at().toString());
            return ending;
        }).orElse(null);
    }

    /** Every given project with its box (volumes, Spot price) and its saved generations as EC2 has them. */
    public Map<String, Object> list(List<Project> projects) {
        Map<String, BoxFacts> boxes = boxesOf(projects.stream()
                .filter(p -> p.state() == ProjectState.RUNNING).toList());
        Map<String, List<VolumeFacts>> volumes = volumesOf(boxes.values());
        Map<String, Optional<BigDecimal>> spotPrices = new HashMap<>();
        Map<String, List<GenerationView>> generations = generationsOfStack(projects);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Project p : projects) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project", ProjectView.of(p));
            BoxFacts box = boxes.get(p.name().value());
            row.put("box", box == null ? null : view(box, volumes.getOrDefault(box.instanceId(), List.of()), Map.of(),
                    null, box.spot() ? spotPrices.computeIfAbsent(box.instanceType() + " " + box.zone(),
                            k -> ec2.spotPrice(box.instanceType(), box.zone(), clock.instant())).orElse(null) : null));
            row.put("generations", generations.getOrDefault(p.name().value(), List.of()));
            rows.add(row);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("projects", rows);
        return reply;
    }

    /** One project in detail: its box (volumes, initialization, idle timer, Spot price) and retained generations. */
    public Map<String, Object> status(Project project) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", ProjectView.of(project));
        BoxFacts box = boxesOf(List.of(project)).get(project.name().value());
        if (box == null) {
            reply.put("box", null);
        } else {
            List<VolumeFacts> volumes = volumesOf(List.of(box)).getOrDefault(box.instanceId(), List.of());
            boolean live = "running".equals(box.state()) || "pending".equals(box.state());
            Map<String, VolumeInit> init = live && box.tags().containsKey(BoxRunner.TAG_INIT_RATE)
                    ? ec2.initialization(volumes.stream().map(VolumeFacts::volumeId).toList()) : Map.of();
            IdleReport idle = live ? idleReport(project, box) : null;
            BigDecimal spot = live && box.spot()
                    ? ec2.spotPrice(box.instanceType(), box.zone(), clock.instant()).orElse(null) : null;
            reply.put("box", view(box, volumes, init, idle, spot));
        }
        reply.put("generations", retained(project));
        reply.put("lastEnding", lastEnding(project));
        return reply;
    }

    /** The project and its retained generations, as the table records them: what rollback chooses from. */
    public Map<String, Object> history(Project project) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", ProjectView.of(project));
        reply.put("generations", retained(project));
        return reply;
    }

    /** The boxes of these projects' open cycles that carry their cycle's and owner's tags, by project name. */
    private Map<String, BoxFacts> boxesOf(List<Project> projects) {
        Map<String, Project> byBox = new HashMap<>();
        projects.stream().filter(p -> p.instanceId() != null
                        && (p.state() == ProjectState.RUNNING || p.state() == ProjectState.LAUNCHING))
                .forEach(p -> byBox.put(p.instanceId(), p));
        Map<String, BoxFacts> result = new HashMap<>();
        for (BoxFacts box : ec2.boxes(byBox.keySet())) {
            Project p = byBox.get(box.instanceId());
            if (p != null && OwnedBoxes.isCycleBox(p, box.tags(), settings.stack())) {
                result.put(p.name().value(), box);
            }
        }
        return result;
    }

    private Map<String, List<VolumeFacts>> volumesOf(Collection<BoxFacts> boxes) {
        return ec2.attachedVolumes(boxes.stream().map(BoxFacts::instanceId).toList()).stream()
                .collect(Collectors.groupingBy(VolumeFacts::instanceId));
    }

    /** The box's console, read for its owner: only the idle timer's newest report leaves the control plane. */
    private IdleReport idleReport(Project project, BoxFacts box) {
        try {
            return consoles.consoleOutput(box.instanceId()).flatMap(IdleReport::latestIn).orElse(null);
        } catch (RuntimeException e) {
            log.step("console").cycle(project.cycle()).with("error", e.getMessage()).warn("unreadable");
            return null;
        }
    }

    private static BoxView view(BoxFacts box, List<VolumeFacts> volumes, Map<String, VolumeInit> init,
                                IdleReport idle, BigDecimal spotPrice) {
        List<BoxView.Volume> disks = volumes.stream().sorted(Comparator.comparing(VolumeFacts::device))
                .map(v -> {
                    VolumeInit i = init.get(v.volumeId());
                    return new BoxView.Volume(v.volumeId(), v.device(), v.type(), v.sizeGiB(),
                            i == null ? null : i.progressPercent(), i == null ? null : i.secondsLeft());
                }).toList();
        String address = box.publicIp() != null ? box.publicIp()
                : box.publicDns() != null ? box.publicDns() : box.privateIp();
        return new BoxView(box.instanceId(), box.state(), box.stateReason(), box.instanceType(), address,
                box.publicIp() != null, box.keyName(), box.launchTime() == null ? null : box.launchTime().toString(),
                box.zone(), box.spot(), number(box.tags().get(BoxRunner.TAG_IDLE_MINUTES)),
                number(box.tags().get(BoxRunner.TAG_INIT_RATE)), disks, idle, spotPrice,
                BoxRunner.ACCESS_PRIVATE.equals(box.tags().get(BoxRunner.TAG_ACCESS)));
    }

    /** The retained generations the table records, oldest first, with their disks from one DescribeImages. */
    private List<GenerationView> retained(Project project) {
        List<RetainedImage> images = cycles.retainedImages(project.name());
        Map<String, ImageFacts> described = ec2.images(images.stream().map(RetainedImage::imageId).toList()).stream()
                .collect(Collectors.toMap(ImageFacts::imageId, Function.identity(), (a, b) -> a));
        return images.stream().sorted(Comparator.comparingLong(RetainedImage::generation))
                .map(r -> generation(r.generation(), r.imageId(), r.recordedAt().toString(), r.snapshotIds(),
                        described.get(r.imageId()), project)).toList();
    }

    /**
     * Every project's generations from EC2 alone: one paginated DescribeImages of the stack's AMIs,
     * grouped by their project tag (an AMI registered but not yet recorded shows up too), so a list
     * costs the same whatever the number of projects.
     */
    private Map<String, List<GenerationView>> generationsOfStack(List<Project> projects) {
        Map<String, Project> byName = projects.stream().collect(Collectors.toMap(p -> p.name().value(),
                Function.identity(), (a, b) -> a));
        Map<String, List<GenerationView>> result = new HashMap<>();
        if (byName.isEmpty()) {
            return result;
        }
        for (ImageFacts image : ec2.stackImages(settings.stack())) {
            Project p = byName.get(image.tags().get(ResourceNames.TAG_PROJECT));
            String generation = image.tags().get(ResourceNames.TAG_GENERATION);
            if (p == null || generation == null || !generation.matches("\\d{1,18}")) {
                continue;
            }
            result.computeIfAbsent(p.name().value(), k -> new ArrayList<>()).add(generation(Long.parseLong(generation),
                    image.imageId(), image.created() == null ? null : image.created().toString(), List.of(), image, p));
        }
        result.values().forEach(g -> g.sort(Comparator.comparingLong(GenerationView::generation)));
        return result;
    }

    private static GenerationView generation(long number, String imageId, String recordedAt, List<String> snapshotIds,
                                             ImageFacts image, Project project) {
        List<GenerationView.Disk> disks = image == null ? List.of() : image.disks().stream()
                .map(d -> new GenerationView.Disk(d.device(), d.snapshotId(), d.type(), d.sizeGiB())).toList();
        Long size = image == null ? null : disks.stream().mapToLong(GenerationView.Disk::sizeGiB).sum();
        return new GenerationView(number, imageId, recordedAt, size, imageId.equals(project.imageId()), snapshotIds,
                disks);
    }

    private static Integer number(String tag) {
        return tag != null && tag.matches("\\d{1,9}") ? Integer.valueOf(tag) : null;
    }
}
