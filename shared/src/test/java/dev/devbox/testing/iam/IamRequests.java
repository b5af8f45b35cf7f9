package dev.devbox.testing.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What IAM authorizes for each SDK call the pipeline makes, after the Service Authorization Reference:
 * the action, each resource ARN it touches, and the tag condition keys (the resource's tags as EC2 holds
 * them at that moment, the request's tags). Tag-on-create is authorized as a separate ec2:CreateTags with
 * ec2:CreateAction, as EC2 does.
 */
final class IamRequests {
    private static final String NEW_SNAPSHOT = "snap-00000000000000000";
    private static final String NEW_IMAGE = "ami-00000000000000000";
    private final String region;
    private final String account;
    /** Tags EC2 holds on a resource id right now. */
    private final Function<String, Map<String, String>> tagsOf;

    IamRequests(String region, String account, Function<String, Map<String, String>> tagsOf) {
        this.region = region;
        this.account = account;
        this.tagsOf = tagsOf;
    }

    List<IamRequest> of(SdkRequest request) {
        String name = request.getClass().getSimpleName().replaceFirst("Request$", "");
        if (request instanceof Ec2Request) {
            return ec2(name, request);
        }
        if (request instanceof DynamoDbRequest) {
            return dynamo(name, request);
        }
        if (request instanceof PutEventsRequest r) {
            // One authorization per bus; events:source and events:detail-type hold every entry's value.
            Map<String, List<PutEventsRequestEntry>> byBus = r.entries().stream()
                    .collect(Collectors.groupingBy(e -> e.eventBusName() == null ? "default" : e.eventBusName(),
                            TreeMap::new, Collectors.toList()));
            return byBus.entrySet().stream().map(bus -> new IamRequest("events:PutEvents",
                    "arn:aws:events:" + region + ":" + account + ":event-bus/" + bus.getKey(),
                    Map.<String, Object>of(
                            "events:source", bus.getValue().stream().map(PutEventsRequestEntry::source).distinct().toList(),
                            "events:detail-type",
                            bus.getValue().stream().map(PutEventsRequestEntry::detailType).distinct().toList())))
                    .toList();
        }
        throw new IllegalArgumentException("no IAM mapping for " + request.getClass().getName());
    }

    private List<IamRequest> ec2(String name, SdkRequest request) {
        List<IamRequest> out = new ArrayList<>();
        if (request instanceof CreateSnapshotRequest r) {
            out.add(existing("ec2:CreateSnapshot", r.volumeId()));
            Map<String, String> tags = tags(r.tagSpecifications());
            out.add(created("ec2:CreateSnapshot", NEW_SNAPSHOT, tags));
            if (!tags.isEmpty()) {
                out.add(tagOnCreate("CreateSnapshot", NEW_SNAPSHOT, tags));
            }
        } else if (request instanceof RegisterImageRequest r) {
            Map<String, String> tags = tags(r.tagSpecifications());
            out.add(created("ec2:RegisterImage", NEW_IMAGE, tags));
            r.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> out.add(existing("ec2:RegisterImage", m.ebs().snapshotId())));
            if (!tags.isEmpty()) {
                out.add(tagOnCreate("RegisterImage", NEW_IMAGE, tags));
            }
        } else if (request instanceof CreateTagsRequest r) {
            Map<String, String> tags = tags(r.tags());
            for (String id : r.resources()) {
                Map<String, Object> context = resourceTags(id);
                context.putAll(requestTags(tags));
                out.add(new IamRequest("ec2:CreateTags", arn(id), context));
            }
        } else if (request instanceof DeleteVolumeRequest r) {
            out.add(existing("ec2:DeleteVolume", r.volumeId()));
        } else if (request instanceof DeleteSnapshotRequest r) {
            out.add(existing("ec2:DeleteSnapshot", r.snapshotId()));
        } else if (request instanceof DeregisterImageRequest r) {
            out.add(existing("ec2:DeregisterImage", r.imageId()));
        } else if (request instanceof AuthorizeSecurityGroupIngressRequest r) {
            out.add(new IamRequest("ec2:AuthorizeSecurityGroupIngress", arn(r.groupId()), Map.of()));
        } else if (request instanceof RevokeSecurityGroupIngressRequest r) {
            out.add(new IamRequest("ec2:RevokeSecurityGroupIngress", arn(r.groupId()), Map.of()));
        } else if (request instanceof TerminateInstancesRequest r) {
            r.instanceIds().forEach(id -> out.add(existing("ec2:TerminateInstances", id)));
        } else if (name.startsWith("Describe")) {
            out.add(new IamRequest("ec2:" + name, "*", Map.of()));
        } else {
            throw new IllegalArgumentException("no IAM mapping for ec2:" + name + " (add it here)");
        }
        return out;
    }

    private List<IamRequest> dynamo(String name, SdkRequest request) {
        String base = "arn:aws:dynamodb:" + region + ":" + account + ":table/";
        List<IamRequest> out = new ArrayList<>();
        if (request instanceof TransactWriteItemsRequest r) {
            // A transaction is authorized item by item, as the action each item is.
            for (TransactWriteItem item : r.transactItems()) {
                if (item.put() != null) {
                    out.add(new IamRequest("dynamodb:PutItem", base + item.put().tableName(), Map.of()));
                } else if (item.update() != null) {
                    out.add(new IamRequest("dynamodb:UpdateItem", base + item.update().tableName(), Map.of()));
                } else if (item.delete() != null) {
                    out.add(new IamRequest("dynamodb:DeleteItem", base + item.delete().tableName(), Map.of()));
                } else {
                    out.add(new IamRequest("dynamodb:ConditionCheckItem", base + item.conditionCheck().tableName(),
                            Map.of()));
                }
            }
        } else if (request instanceof TransactGetItemsRequest r) {
            r.transactItems().forEach(i -> out.add(new IamRequest("dynamodb:GetItem", base + i.get().tableName(),
                    Map.of())));
        } else if (request instanceof BatchWriteItemRequest r) {
            r.requestItems().keySet().forEach(t -> out.add(new IamRequest("dynamodb:BatchWriteItem", base + t, Map.of())));
        } else if (request instanceof BatchGetItemRequest r) {
            r.requestItems().keySet().forEach(t -> out.add(new IamRequest("dynamodb:BatchGetItem", base + t, Map.of())));
        } else if (request instanceof QueryRequest r) {
            out.add(new IamRequest("dynamodb:Query", base + r.tableName()
                    + (r.indexName() == null ? "" : "/index/" + r.indexName()), Map.of()));
        } else if (request instanceof ScanRequest r) {
            out.add(new IamRequest("dynamodb:Scan", base + r.tableName()
                    + (r.indexName() == null ? "" : "/index/" + r.indexName()), Map.of()));
        } else {
            String table = request.getValueForField("TableName", String.class)
                    .orElseThrow(() -> new IllegalArgumentException("no IAM mapping for dynamodb:" + name));
            out.add(new IamRequest("dynamodb:" + name, base + table, Map.of()));
        }
        return out;
    }

    /** An action on a resource that exists: its ARN, with the tags EC2 holds on it now. */
    private IamRequest existing(String action, String id) {
        return new IamRequest(action, arn(id), resourceTags(id));
    }

    /**
     * The resource the call creates, with the tags the request sets. It has no id yet; a placeholder id
     * stands in, which any policy resource pattern for the type matches as the real one would.
     */
    private IamRequest created(String action, String newId, Map<String, String> tags) {
        return new IamRequest(action, arn(newId), requestTags(tags));
    }

    private IamRequest tagOnCreate(String createAction, String newId, Map<String, String> tags) {
        Map<String, Object> context = requestTags(tags);
        context.put("ec2:CreateAction", createAction);
        return new IamRequest("ec2:CreateTags", arn(newId), context);
    }

    private Map<String, Object> resourceTags(String id) {
        Map<String, Object> context = new LinkedHashMap<>();
        tagsOf.apply(id).forEach((k, v) -> context.put("aws:ResourceTag/" + k, v));
        return context;
    }

    private static Map<String, Object> requestTags(Map<String, String> tags) {
        Map<String, Object> context = new LinkedHashMap<>();
        tags.forEach((k, v) -> context.put("aws:RequestTag/" + k, v));
        if (!tags.isEmpty()) {
            context.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
        return context;
    }

    String arn(String id) {
        String prefix = id.substring(0, id.indexOf('-'));
        return switch (prefix) {
            case "vol" -> "arn:aws:ec2:" + region + ":" + account + ":volume/" + id;
            case "i" -> "arn:aws:ec2:" + region + ":" + account + ":instance/" + id;
            case "sg" -> "arn:aws:ec2:" + region + ":" + account + ":security-group/" + id;
            case "snap" -> "arn:aws:ec2:" + region + "::snapshot/" + id;
            case "ami" -> "arn:aws:ec2:" + region + "::image/" + id;
            default -> throw new IllegalArgumentException("no ARN form for " + id);
        };
    }

    private static Map<String, String> tags(List<TagSpecification> specs) {
        Map<String, String> all = new TreeMap<>();
        specs.forEach(s -> all.putAll(tags(s.tags())));
        return all;
    }

    private static Map<String, String> tags(Collection<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }
}
