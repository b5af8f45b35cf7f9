package dev.devbox.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * What the pipeline needs to know about its deployment.
 *
 * @param stack               stack name: the value of every devbox:stack tag, part of AMI names
 * @param retainImages        project AMIs kept for rollback (newest first), at least 1
 * @param stuckAfter          how long a cycle may sit in one state before the reconciler advances it
 * @param maxSnapshotAttempts snapshots taken per volume before the project goes FAILED
 * @param maxImageAttempts    AMI registrations the reconciler tries before the project goes FAILED
 * @param deployment          short id of this deployment of the stack (from its CloudFormation stack id),
 *                            part of AMI names so a redeployed stack never meets its predecessor's AMIs;
 *                            empty where there is none (local mode)
 */
public record PipelineSettings(String stack, int retainImages, Duration stuckAfter, int maxSnapshotAttempts,
                               int maxImageAttempts, String deployment) {
    public static final int DEFAULT_RETAIN_IMAGES = 3;
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(30);

    public PipelineSettings {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(stuckAfter, "stuckAfter");
        Objects.requireNonNull(deployment, "deployment");
        if (!deployment.matches("[A-Za-z0-9]{0,12}")) {
            throw new IllegalArgumentException("deployment id must be up to 12 letters or digits: " + deployment);
        }
        if (stack.isBlank()) {
            throw new IllegalArgumentException("stack name is empty");
        }
        if (retainImages < 1) {
            throw new IllegalArgumentException("retainImages must be >= 1 (the newest AMI is the project): " + retainImages);
        }
    }

    public static PipelineSettings defaults(String stack) {
        return new PipelineSettings(stack, DEFAULT_RETAIN_IMAGES, DEFAULT_STUCK_AFTER, 3, 3, "");
    }

    public PipelineSettings withRetainImages(int retain) {
        return new PipelineSettings(stack, retain, stuckAfter, maxSnapshotAttempts, maxImageAttempts, deployment);
    }

    public PipelineSettings withStuckAfter(Duration stuck) {
        return new PipelineSettings(stack, retainImages, stuck, maxSnapshotAttempts, maxImageAttempts, deployment);
    }

    public PipelineSettings withDeployment(String id) {
        return new PipelineSettings(stack, retainImages, stuckAfter, maxSnapshotAttempts, maxImageAttempts, id);
    }
}
