package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.control.launch.BoxRunner;

import dev.devbox.cli.cost.CostEstimator;
import dev.devbox.cli.cost.PriceTable;
import dev.devbox.cli.cost.RunningBox;
import dev.devbox.cli.cost.RunningBoxEstimate;
import dev.devbox.cli.cost.SnapshotSize;
import dev.devbox.cli.cost.SnapshotStorageEstimate;
import dev.devbox.cli.cost.VolumeSize;
import dev.devbox.domain.Project;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.RetainedImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InitializationStatusDetails;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeStatusItem;

/**
 * What `history`, `list` and `status` show beyond the table: retained generations with their
 * sizes, a box's market and Spot price, its idle deadline and volume initialization, and cost
 * estimates (the {@code cost} package's arithmetic on EC2's facts). Every EC2 read here is batched
 * per command, never per project.
 */
public final class Insights {
    /** `devbox-idle: state=PHASE deadline=ISO idle-minutes=N`, printed by the box on each change of phase. */
    private static final Pattern IDLE_LINE = Pattern.compile(
            "devbox-idle: state=([a-z]+)(?: deadline=(\\S+) idle-minutes=(\\d+))?");

    private final Projects projects;
    private final CostEstimator costs;

    public Insights(Projects projects) {
        this.projects = projects;
        this.costs = new CostEstimator(PriceTable.builtIn(), projects.ui().clock());
    }

    /** One retained project AMI, with its size from the AMI's block device mappings. */
    public record Generation(long generation, String imageId, Instant recordedAt, Long sizeGiB, boolean current,
                             List<SnapshotSize> snapshots) {
    }

    /**
     * Retained generations of each project, oldest first, as the table records them (one Query per
     * project, then one DescribeImages for all): what `status` and `history` show.
     */
    public Map<String, List<Generation>> generations(Collection<Project> ofProjects) {
        Map<String, List<RetainedImage>> retained = new HashMap<>();
        List<String> imageIds = new ArrayList<>();
        for (Project p : ofProjects) {
            List<RetainedImage> images = projects.retainedImages(p.name());
            retained.put(p.name().value(), images);
            images.forEach(r -> imageIds.add(r.imageId()));
        }
        Map<String, Image> described = describeImages(imageIds);
        Map<String, List<Generation>> result = new HashMap<>();
        for (Project p : ofProjects) {
            List<Generation> gens = new ArrayList<>();
            for (RetainedImage r : retained.get(p.name().value())) {
                gens.add(generation(r.generation(), r.imageId(), r.recordedAt(), described.get(r.imageId()), p));
            }
            gens.sort(Comparator.comparingLong(Generation::generation));
            result.put(p.name().value(), gens);
        }
        return result;
    }

    /**
     * The same for every project at once from EC2 alone: one paginated DescribeImages of this
     * stack's own AMIs, grouped by their project tag. `list` uses it, so its cost does not grow
     * with the number of projects (an AMI registered but not yet recorded shows up here too).
     */
    public Map<String, List<Generation>> generationsOfStack(Collection<Project> ofProjects) {
        Map<String, Project> byName = new HashMap<>();
        ofProjects.forEach(p -> byName.put(p.name().value(), p));
        Map<String, List<Generation>> result = new HashMap<>();
        byName.keySet().forEach(name -> result.put(name, new ArrayList<>()));
        Filter ownStack = Filter.builder().name("tag:" + ResourceNames.TAG_STACK).values(projects.aws().stackName()).build();
        for (Image image : projects.aws().ec2().describeImagesPaginator(r -> r.owners("self").filters(ownStack)).images()) {
            Map<String, String> tags = Projects.tags(image.tags());
            Project project = byName.get(tags.get(ResourceNames.TAG_PROJECT));
            String generation = tags.get(ResourceNames.TAG_GENERATION);
            if (project == null || generation == null || !generation.matches("\\d{1,18}")) {
                continue;
            }
            Instant created = image.creationDate() == null ? null : Instant.parse(image.creationDate());
            result.get(project.name().value()).add(
                    generation(Long.parseLong(generation), image.imageId(), created, image, project));
        }
        result.values().forEach(gens -> gens.sort(Comparator.comparingLong(Generation::generation)));
        return result;
    }

    private static Generation generation(long number, String imageId, Instant recordedAt, Image image, Project owner) {
        Long size = null;
        List<SnapshotSize> snapshots = new ArrayList<>();
        if (image != null) {
            long sum = 0;
            for (var m : image.blockDeviceMappings()) {
                if (m.ebs() != null && m.ebs().volumeSize() != null) {
                    sum += m.ebs().volumeSize();
                    if (m.ebs().snapshotId() != null) {
                        snapshots.add(SnapshotSize.ofVolume(m.ebs().snapshotId(), m.ebs().volumeSize()));
                    }
                }
            }
            size = sum;
        }
        return new Generation(number, imageId, recordedAt, size, imageId.equals(owner.imageId()), snapshots);
    }

    /** Monthly snapshot storage of these generations; empty when the region has no price. */
    public Optional<SnapshotStorageEstimate> storage(List<Generation> generations) {
        return costs.monthlySnapshotStorage(region(),
                generations.stream().flatMap(g -> g.snapshots().stream()).toList());
    }

    /** The boxes with these ids (any state), with one DescribeInstances. */
    public Map<String, Instance> instances(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Instance> result = new HashMap<>();
        projects.aws().ec2().describeInstances(r -> r.filters(Filter.builder().name("instance-id")
                        .values(instanceIds).build()))
                .reservations().forEach(r -> r.instances().forEach(i -> result.put(i.instanceId(), i)));
        return result;
    }

    /** The EBS volumes attached to these boxes, by instance id, with one DescribeVolumes. */
    public Map<String, List<Volume>> volumes(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Volume>> result = new HashMap<>();
        projects.aws().ec2().describeVolumes(r -> r.filters(Filter.builder().name("attachment.instance-id")
                        .values(instanceIds).build()))
                .volumes().forEach(v -> v.attachments().stream().findFirst().ifPresent(a ->
                        result.computeIfAbsent(a.instanceId(), k -> new ArrayList<>()).add(v)));
        return result;
    }

    public static boolean isSpot(Instance box) {
        return box.instanceLifecycle() == InstanceLifecycleType.SPOT;
    }

    /** The current Spot price of the box's type in its zone (DescribeSpotPriceHistory), if EC2 gives one. */
    public Optional<BigDecimal> spotPrice(Instance box) {
        try {
            String zone = box.placement() == null ? null : box.placement().availabilityZone();
            List<SpotPrice> prices = projects.aws().ec2().describeSpotPriceHistory(r -> {
                r.instanceTypesWithStrings(box.instanceTypeAsString()).productDescriptions("Linux/UNIX")
                        .startTime(projects.now()).maxResults(10);
                if (zone != null) {
                    r.filters(Filter.builder().name("availability-zone").values(zone).build());
                }
            }).spotPriceHistory();
            return prices.stream().max(Comparator.comparing(p -> p.timestamp() == null ? Instant.EPOCH : p.timestamp()))
                    .map(p -> new BigDecimal(p.spotPrice()));
        } catch (SdkException | NumberFormatException e) {
            projects.ui().debug("no Spot price: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What a running box has cost so far; empty when the table has no price for it. */
    public Optional<RunningBoxEstimate> runningCost(Instance box, List<Volume> volumes, Optional<BigDecimal> spot) {
        if (box.launchTime() == null) {
            return Optional.empty();
        }
        List<VolumeSize> sizes = volumes.stream()
                .map(v -> new VolumeSize(v.volumeTypeAsString(), v.size() == null ? 0 : v.size())).toList();
        RunningBox running = new RunningBox(region(), box.instanceTypeAsString(), box.launchTime(), sizes,
                box.publicIpAddress() != null, Optional.empty());
        return costs.runningBox(spot.map(running::withSpotHourly).orElse(running));
    }

    /** The box's idle auto-persist, as far as it can be known from outside the box. */
    public record Idle(Integer minutes, String phase, String deadline, String summary) {
    }

    public Idle idle(Instance box) {
        String tag = Projects.tags(box.tags()).get(BoxRunner.TAG_IDLE_MINUTES);
        if (tag == null) {
            return new Idle(null, null, null, "no idle limit known (launched before devbox set one)");
        }
        int minutes = Integer.parseInt(tag);
        if (minutes == 0) {
            return new Idle(0, "disabled", null, "off (--idle 0): runs until terminated");
        }
        String rule = "terminates itself after " + minutes + " idle minutes (no SSH session)";
        Optional<Matcher> last = lastIdleLine(Projects.tags(box.tags()).get(ResourceNames.TAG_PROJECT));
        if (last.isEmpty()) {
            String earliest = box.launchTime() == null ? ""
                    : "; at the earliest " + box.launchTime().plus(Duration.ofMinutes(minutes + 1L));
            return new Idle(minutes, null, null, rule + earliest + "; the deadline can't be known from outside the"
                    + " box until its idle check reports on the console (in the box: 'devbox-idle status')");
        }
        String phase = last.get().group(1);
        String deadline = last.get().group(2);
        String summary = switch (phase) {
            case "active" -> rule + "; in use at its last report";
            case "idle" -> rule + "; idle: terminates at " + deadline + " unless someone logs in";
            case "warned" -> rule + "; idle, users warned: terminates at " + deadline + " unless someone logs in";
            case "held" -> rule + "; held by 'devbox-idle hold': terminates at " + deadline + " at the earliest";
            case "shutdown" -> "idle limit reached: terminating (its work is being saved)";
            case "disabled" -> "off (turned off inside the box)";
            default -> rule + "; box reports '" + phase + "'";
        };
        return new Idle(minutes, phase, deadline, summary);
    }

    /**
     * The newest `devbox-idle: state=...` line of the project's box's console output, which the
     * control plane reads for the box's owner (developers cannot read consoles themselves).
     */
    private Optional<Matcher> lastIdleLine(String project) {
        if (project == null) {
            return Optional.empty();
        }
        try {
            JsonNode output = projects.aws().control().call("console", project, projects.access().actingFor())
                    .path("output");
            return output.isTextual() ? lastIdleLineIn(output.asText()) : Optional.empty();
        } catch (RuntimeException e) {
            projects.ui().debug("console output not readable: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The newest `devbox-idle: state=...` line in console text: group 1 the phase, 2 the deadline, 3 the idle
     * minutes. Public so that the box test reads a real guest's console with the parser `status` uses.
     */
    public static Optional<Matcher> lastIdleLineIn(String consoleText) {
        Matcher m = IDLE_LINE.matcher(consoleText);
        Matcher found = null;
        while (m.find()) {
            found = IDLE_LINE.matcher(m.group());
            found.matches();
        }
        return Optional.ofNullable(found);
    }

    /** Initialization of a volume restored from a snapshot, as far as EC2 reports it. */
    public record Initialization(String volumeId, Long progressPercent, Long secondsLeft, String summary) {
    }

    /**
     * Volume initialization of a box launched with --init-rate: EC2's own progress where
     * DescribeVolumeStatus reports it, else an estimate from the rate and the sizes, said to be one.
     */
    public List<Initialization> initialization(Instance box, List<Volume> volumes) {
        String tag = Projects.tags(box.tags()).get(BoxRunner.TAG_INIT_RATE);
        if (tag == null || volumes.isEmpty()) {
            return List.of();
        }
        int rate = Integer.parseInt(tag);
        Map<String, InitializationStatusDetails> reported = new HashMap<>();
        // moto has no DescribeVolumeStatus and answers with a server error, which the SDK
        // retries for many seconds: against an endpoint override only the estimate is shown.
        if (!projects.aws().endpointOverridden()) {
            try {
                for (VolumeStatusItem item : projects.aws().ec2().describeVolumeStatus(r -> r.volumeIds(
                        volumes.stream().map(Volume::volumeId).toList())).volumeStatuses()) {
                    if (item.initializationStatusDetails() != null) {
                        reported.put(item.volumeId(), item.initializationStatusDetails());
                    }
                }
            } catch (SdkException e) {
                projects.ui().debug("DescribeVolumeStatus: " + e.getMessage());
            }
        }
        List<Initialization> result = new ArrayList<>();
        for (Volume v : volumes) {
            InitializationStatusDetails d = reported.get(v.volumeId());
            if (d != null && d.progress() != null) {
                Long left = d.estimatedTimeToCompleteInSeconds();
                result.add(new Initialization(v.volumeId(), d.progress(), left, d.progress() >= 100
                        ? "initialized" : "initializing: " + d.progress() + "%"
                        + (left == null ? "" : ", about " + Math.max(1, (left + 59) / 60) + " min left")));
                continue;
            }
            long sizeGiB = v.size() == null ? 0 : v.size();
            long totalSeconds = sizeGiB * 1024 / rate;
            long elapsed = box.launchTime() == null ? 0 : Duration.between(box.launchTime(), projects.now()).getSeconds();
            String estimate = "initializing at " + rate + " MiB/s, about " + Math.max(1, (totalSeconds + 59) / 60)
                    + " minutes for " + sizeGiB + " GiB (at most: only the snapshot's data is read)";
            result.add(new Initialization(v.volumeId(), null, Math.max(0, totalSeconds - elapsed),
                    estimate + (elapsed >= totalSeconds ? "; should be complete by now" : "; about "
                            + Math.max(1, (totalSeconds - elapsed + 59) / 60) + " min left")
                            + " (estimate: EC2 reports no progress here)"));
        }
        return result;
    }

    public String region() {
        return projects.aws().region().id();
    }

    private Map<String, Image> describeImages(List<String> imageIds) {
        if (imageIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Image> result = new HashMap<>();
        projects.aws().ec2().describeImages(r -> r.filters(Filter.builder().name("image-id").values(imageIds).build()))
                .images().forEach(i -> result.put(i.imageId(), i));
        return result;
    }
}
