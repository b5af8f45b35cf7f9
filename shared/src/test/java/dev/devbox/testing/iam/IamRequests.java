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
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
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

    /** Images' owners and snapshots, subnets' VPCs: what RunInstances' condition keys say about them. */
    private final Ec2Client world;

    IamRequests(String region, String account, Function<String, Map<String, String>> tagsOf, Ec2Client world) {
        this.region = region;
        this.account = account;
        this.tagsOf = tagsOf;
        this.world = world;
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
        } else if (request instanceof RunInstancesRequest r) {
            out.addAll(runInstances(r));
        } else if (request instanceof ImportKeyPairRequest r) {
            Map<String, String> tags = tags(r.tagSpecifications());
            String keyPair = "arn:aws:ec2:" + region + ":" + account + ":key-pair/" + r.keyName();
            out.add(new IamRequest("ec2:ImportKeyPair", keyPair, requestTags(tags)));
            if (!tags.isEmpty()) {
                Map<String, Object> context = requestTags(tags);
                context.put("ec2:CreateAction", "ImportKeyPair");
                out.add(new IamRequest("ec2:CreateTags", keyPair, context));
            }
        } else if (request instanceof software.amazon.awssdk.services.ec2.model.GetConsoleOutputRequest r) {
            out.add(existing("ec2:GetConsoleOutput", r.instanceId()));
        } else if (request instanceof TerminateInstancesRequest r) {
            r.instanceIds().forEach(id -> out.add(existing("ec2:TerminateInstances", id)));
        } else if (name.startsWith("Describe")) {
            out.add(new IamRequest("ec2:" + name, "*", Map.of()));
        } else {
            throw new IllegalArgumentException("no IAM mapping for ec2:" + name + " (add it here)");
        }
        return out;
    }

    /**
     * RunInstances is authorized once per resource it uses or creates (instance, volumes, network
     * interface, image, its snapshots, subnet, security groups, key pair, launch template), each with
     * ec2:LaunchTemplate; the instance with ec2:MetadataHttpTokens and the request's tags, the image
     * with ec2:Owner, the subnet with ec2:Vpc. Tags on create are a separate ec2:CreateTags.
     */
    private List<IamRequest> runInstances(RunInstancesRequest r) {
        List<IamRequest> out = new ArrayList<>();
        Map<String, Object> common = new LinkedHashMap<>();
        if (r.launchTemplate() != null) {
            common.put("ec2:LaunchTemplate", arn(r.launchTemplate().launchTemplateId()));
        }
        String base = "arn:aws:ec2:" + region + ":" + account + ":";
        Map<String, String> instanceTags = new TreeMap<>();
        Map<String, String> volumeTags = new TreeMap<>();
        r.tagSpecifications().forEach(t -> (t.resourceType() == ResourceType.VOLUME ? volumeTags : instanceTags)
                .putAll(tags(t.tags())));
        Map<String, Object> instance = new LinkedHashMap<>(common);
        instance.putAll(requestTags(instanceTags));
        if (r.metadataOptions() != null && r.metadataOptions().httpTokens() != null) {
            instance.put("ec2:MetadataHttpTokens", r.metadataOptions().httpTokensAsString());
        }
        out.add(new IamRequest("ec2:RunInstances", base + "instance/i-00000000000000000", instance));
        Map<String, Object> volume = new LinkedHashMap<>(common);
        volume.putAll(requestTags(volumeTags));
        out.add(new IamRequest("ec2:RunInstances", base + "volume/vol-00000000000000000", volume));
        out.add(new IamRequest("ec2:RunInstances", base + "network-interface/eni-00000000000000000", common));
        if (r.instanceMarketOptions() != null) {
            out.add(new IamRequest("ec2:RunInstances", base + "spot-instances-request/sir-00000000", common));
        }
        if (r.imageId() != null) {
            Image image = world.describeImages(d -> d.imageIds(r.imageId())).images().get(0);
            Map<String, Object> owner = new LinkedHashMap<>(common);
            owner.putAll(resourceTags(r.imageId()));
            owner.put("ec2:Owner", image.ownerId());
            out.add(new IamRequest("ec2:RunInstances", arn(r.imageId()), owner));
            image.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> out.add(new IamRequest("ec2:RunInstances", arn(m.ebs().snapshotId()), common)));
        }
        // A private box names its subnet and group on its network interface instead of the instance.
        List<String> subnets = new ArrayList<>();
        List<String> groups = new ArrayList<>(r.securityGroupIds());
        if (r.subnetId() != null) {
            subnets.add(r.subnetId());
        }
        r.networkInterfaces().forEach(n -> {
            if (n.subnetId() != null) {
                subnets.add(n.subnetId());
            }
            groups.addAll(n.groups());
        });
        for (String subnetId : subnets) {
            String vpc = world.describeSubnets(d -> d.subnetIds(subnetId)).subnets().get(0).vpcId();
            Map<String, Object> subnet = new LinkedHashMap<>(common);
            subnet.put("ec2:Vpc", base + "vpc/" + vpc);
            out.add(new IamRequest("ec2:RunInstances", base + "subnet/" + subnetId, subnet));
        }
        groups.forEach(g -> out.add(new IamRequest("ec2:RunInstances", arn(g), common)));
        if (r.keyName() != null) {
            out.add(new IamRequest("ec2:RunInstances", base + "key-pair/" + r.keyName(), common));
        }
        if (r.launchTemplate() != null) {
            out.add(new IamRequest("ec2:RunInstances", arn(r.launchTemplate().launchTemplateId()), common));
        }
        Map<String, String> created = new TreeMap<>(instanceTags);
        created.putAll(volumeTags);
        if (!created.isEmpty()) {
            Map<String, Object> tagging = requestTags(instanceTags);
            tagging.put("ec2:CreateAction", "RunInstances");
            out.add(new IamRequest("ec2:CreateTags", base + "instance/i-00000000000000000", tagging));
            Map<String, Object> volumeTagging = requestTags(volumeTags);
            volumeTagging.put("ec2:CreateAction", "RunInstances");
            out.add(new IamRequest("ec2:CreateTags", base + "volume/vol-00000000000000000", volumeTagging));
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
            case "lt" -> "arn:aws:ec2:" + region + ":" + account + ":launch-template/" + id;
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
