package dev.devbox.testing;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.RegisterImageResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feeds {@link History} from a real SDK EC2 client: every request that changes
 * EC2 is judged before it is sent; the ids CreateSnapshot and RegisterImage
 * return are passed on after. Add it to the system's own clients only.
 */
public final class HistoryInterceptor implements ExecutionInterceptor {
    private final History history;

    public HistoryInterceptor(History history) {
        this.history = history;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof Ec2Request && mutates(request)) {
            history.judge(call(request));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof CreateSnapshotRequest r && context.response() instanceof CreateSnapshotResponse s) {
            history.snapshotCreated(r.volumeId(), s.snapshotId());
        } else if (context.request() instanceof RegisterImageRequest r
                && context.response() instanceof RegisterImageResponse s) {
            history.imageRegistered(r.name(), s.imageId());
        }
    }

    static Ec2Call call(SdkRequest request) {
        if (request instanceof DeleteVolumeRequest r) {
            return new Ec2Call.DeleteVolume(r.volumeId());
        } else if (request instanceof DeregisterImageRequest r) {
            return new Ec2Call.DeregisterImage(r.imageId());
        } else if (request instanceof DeleteSnapshotRequest r) {
            return new Ec2Call.DeleteSnapshot(r.snapshotId());
        } else if (request instanceof CreateSnapshotRequest r) {
            return new Ec2Call.CreateSnapshot(r.volumeId(), tags(r.tagSpecifications()));
        } else if (request instanceof RegisterImageRequest r) {
            Map<String, String> devices = new LinkedHashMap<>();
            r.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> devices.put(m.deviceName(), m.ebs().snapshotId()));
            return new Ec2Call.RegisterImage(r.name(), tags(r.tagSpecifications()), devices);
        } else if (request instanceof CreateTagsRequest r) {
            return new Ec2Call.CreateTags(List.copyOf(r.resources()), tags(r.tags()));
        }
        return new Ec2Call.Other(request.getClass().getSimpleName().replace("Request", ""));
    }

    /** EC2's read-only actions all start with one of these verbs. */
    private static boolean mutates(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return !(name.startsWith("Describe") || name.startsWith("Get") || name.startsWith("List"));
    }

    private static Map<String, String> tags(List<TagSpecification> specs) {
        Map<String, String> all = new TreeMap<>();
        specs.forEach(s -> all.putAll(tags(s.tags())));
        return all;
    }

    private static Map<String, String> tags(java.util.Collection<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }
}
