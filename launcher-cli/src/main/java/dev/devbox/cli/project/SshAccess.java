package dev.devbox.cli.project;

import dev.devbox.cli.ui.Ui;
import dev.devbox.domain.ResourceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The port-22 rules devbox adds to the stack's security group, and their removal.
 *
 * <p>A rule is devbox's when its description starts with {@code "devbox "} ({@code "devbox
 * <project>"} since rules are per project; {@code "devbox ssh <owner>"} from earlier versions). EC2
 * keys a rule by protocol, ports and CIDR, not by description, so two projects launched from one
 * address share one rule. What keeps a rule is therefore a live box, not a project name: every box
 * carries the CIDR it was opened for in its {@link #TAG_SSH_CIDR} tag, and a devbox rule whose CIDR
 * no live box of this stack carries is stale and removed. So a box ended from the console, by
 * {@code poweroff} or by its idle timer leaves its address open only until the next launch or
 * terminate of any project. Rules without the prefix (the stack's own {@code SshCidr} rule, an
 * admin's) are never touched.
 */
public final class SshAccess {
    /** Tag on the box: the CIDR its port-22 rule was opened for. */
    public static final String TAG_SSH_CIDR = "devbox:ssh-cidr";
    static final String DESCRIPTION_PREFIX = "devbox ";
    /** Rules of devbox versions before the CIDR tag: "devbox ssh <owner>". */
    private static final String LEGACY_DESCRIPTION_PREFIX = "devbox ssh ";
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final Ec2Client ec2;
    private final String stack;
    private final String groupId;
    private final Ui ui;

    SshAccess(Ec2Client ec2, String stack, String groupId, Ui ui) {
        this.ec2 = ec2;
        this.stack = stack;
        this.groupId = groupId;
        this.ui = ui;
    }

    static String description(String project) {
        return DESCRIPTION_PREFIX + project;
    }

    /** Opens port 22 to {@code cidr} for {@code project}; an existing rule for the CIDR is kept as is. */
    void open(String project, String cidr) {
        try {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(22).toPort(22).ipRanges(ip -> ip.cidrIp(cidr).description(description(project)))));
            ui.debug("opened port 22 to " + cidr + " for " + project);
        } catch (Ec2Exception e) {
            if (!KeyPairs.isCode(e, "InvalidPermission.Duplicate")) {
                throw e;
            }
            ui.debug("port 22 is already open to " + cidr);
        }
    }

    /**
     * Removes every devbox rule whose CIDR no live box of this stack needs, except {@code keepCidr}
     * (may be null). A launch that races this removal re-opens its rule once its box runs.
     *
     * @return the CIDRs whose rules were removed
     */
    public List<String> removeStale(String keepCidr) {
        SecurityGroup group = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().stream()
                .findFirst().orElse(null);
        if (group == null) {
            return List.of();
        }
        List<IpRange> devboxRanges = new ArrayList<>();
        for (IpPermission p : group.ipPermissions()) {
            if (!"tcp".equals(p.ipProtocol()) || p.fromPort() == null || p.fromPort() != 22 || p.toPort() != 22) {
                continue;
            }
            p.ipRanges().stream()
                    .filter(r -> r.description() != null && r.description().startsWith(DESCRIPTION_PREFIX))
                    .forEach(devboxRanges::add);
        }
        if (devboxRanges.isEmpty()) {
            return List.of();
        }
        Set<String> needed = new HashSet<>();
        boolean legacyBoxLive = neededCidrs(needed);
        if (keepCidr != null) {
            needed.add(keepCidr);
        }
        List<String> removed = new ArrayList<>();
        for (IpRange range : devboxRanges) {
            if (needed.contains(range.cidrIp())
                    || legacyBoxLive && range.description().startsWith(LEGACY_DESCRIPTION_PREFIX)) {
                continue;
            }
            try {
                ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                        .fromPort(22).toPort(22).ipRanges(ip -> ip.cidrIp(range.cidrIp()))));
                removed.add(range.cidrIp());
                ui.debug("closed port 22 to " + range.cidrIp() + " (" + range.description() + "): no live box needs it");
            } catch (Ec2Exception e) {
                if (!KeyPairs.isCode(e, "InvalidPermission.NotFound")) {
                    throw e;
                }
            }
        }
        return removed;
    }

    /**
     * Adds the CIDRs that the live boxes of this stack were opened for to {@code cidrs}.
     *
     * @return whether a live box predates the CIDR tag (its rule cannot be told apart: kept)
     */
    private boolean neededCidrs(Set<String> cidrs) {
        boolean legacy = false;
        List<Instance> live = ec2.describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_STACK).values(stack).build(),
                        Filter.builder().name("instance-state-name").values(LIVE_STATES).build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
        for (Instance box : live) {
            List<String> tagged = box.tags().stream().filter(t -> t.key().equals(TAG_SSH_CIDR)).map(Tag::value).toList();
            cidrs.addAll(tagged);
            legacy |= tagged.isEmpty();
        }
        return legacy;
    }
}
