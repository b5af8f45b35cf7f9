package dev.devbox.control;

import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.ControlEc2.SshRule;

import javax.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The port-22 rules devbox adds to the stack's security group, and their removal.
 *
 * <p>A rule is devbox's when its description starts with {@code "devbox "} ({@code "devbox
 * <project>"}; {@code "devbox ssh <owner>"} from versions before the CIDR tag). EC2 keys a rule by
 * protocol, ports and range, not by description, so two projects launched from one address share
 * one rule. What keeps a rule is therefore a live box, not a project: every box carries the range
 * its rule was opened for in its {@link #TAG_SSH_CIDR} tag, and a devbox rule that no live box of
 * this stack carries is stale. So a box ended from the console, by {@code poweroff} or by its idle
 * timer leaves its address open only until the next launch or terminate of any project. Rules
 * without the prefix (the stack's own SshCidr rule, an admin's) are never touched.
 */
public final class SshRules {
    /** Tag on the box: the range its port-22 rule was opened for. */
    public static final String TAG_SSH_CIDR = "devbox:ssh-cidr";
    static final String DESCRIPTION_PREFIX = "devbox ";
    private static final String LEGACY_DESCRIPTION_PREFIX = "devbox ssh ";

    private final ControlEc2 ec2;
    private final String stack;
    private final String groupId;

    @Inject
    public SshRules(ControlEc2 ec2, PipelineSettings settings, ControlSettings control) {
        this.ec2 = ec2;
        this.stack = settings.stack();
        this.groupId = control.securityGroupId();
    }

    public void open(String project, String cidr) {
        ec2.authorizeSsh(groupId, cidr, DESCRIPTION_PREFIX + project);
    }

    /**
     * Removes every devbox rule that no live box of this stack needs, except {@code keepCidr}
     * (may be null). A launch that races this removal re-opens its rule once its box runs.
     *
     * @return the ranges whose rules were removed
     */
    public List<String> removeStale(String keepCidr) {
        List<SshRule> ours = ec2.sshRules(groupId).stream()
                .filter(r -> r.description() != null && r.description().startsWith(DESCRIPTION_PREFIX)).toList();
        if (ours.isEmpty()) {
            return List.of();
        }
        Set<String> needed = new HashSet<>();
        boolean legacyBoxLive = false;
        for (Map<String, String> box : ec2.liveBoxTags(stack)) {
            String cidr = box.get(TAG_SSH_CIDR);
            if (cidr == null) {
                legacyBoxLive = true; // a box from before the tag: its rule cannot be told apart, so kept
            } else {
                needed.add(cidr);
            }
        }
        if (keepCidr != null) {
            needed.add(keepCidr);
        }
        List<String> removed = new ArrayList<>();
        for (SshRule rule : ours) {
            if (needed.contains(rule.cidr())
                    || legacyBoxLive && rule.description().startsWith(LEGACY_DESCRIPTION_PREFIX)) {
                continue;
            }
            ec2.revokeSsh(groupId, rule.cidr());
            removed.add(rule.cidr());
        }
        return removed;
    }
}
