package dev.devbox.cli.project;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Ownership;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The box EC2 started for a cycle, found by the stack, project and generation tags RunInstances
 * puts on it at creation (in the same call, so a started box always carries them). They cover
 * every client token a launch used (each subnet, Spot and on demand) with one filter; the
 * generation is the claim's, so no other launch's box matches.
 */
final class CycleInstances {
    /** DescribeInstances is eventually consistent: a box started a moment ago may not be listed yet. */
    static final int LOOKS = 4;

    private final Projects projects;

    CycleInstances(Projects projects) {
        this.projects = projects;
    }

    /**
     * The cycle's box, in any state (one that ended at once still has volumes to save); the
     * earliest launched if EC2 somehow holds several, the others named on stderr.
     */
    Optional<Instance> started(String stack, CycleRef cycle) {
        List<Filter> filters = Ownership.cycleTags(stack, cycle).entrySet().stream().map(CycleInstances::tagFilter)
                .toList();
        for (int look = 1; ; look++) {
            List<Instance> found = projects.aws().ec2().describeInstancesPaginator(r -> r.filters(filters))
                    .reservations().stream().flatMap(r -> r.instances().stream())
                    .sorted(Comparator.comparing(Instance::launchTime, Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(Instance::instanceId))
                    .toList();
            if (found.size() > 1) {
                projects.ui().info("EC2 holds " + found.size() + " boxes for " + cycle.project() + " generation "
                        + cycle.generation() + ": using " + found.get(0).instanceId() + "; check "
                        + found.stream().skip(1).map(Instance::instanceId).toList() + " in the EC2 console.");
            }
            if (!found.isEmpty() || look == LOOKS) {
                return found.stream().findFirst();
            }
            Projects.sleep(projects.pollInterval());
        }
    }

    private static Filter tagFilter(Map.Entry<String, String> tag) {
        return Filter.builder().name("tag:" + tag.getKey()).values(tag.getValue()).build();
    }
}
