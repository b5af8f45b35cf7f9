package dev.devbox.testing.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Records every AWS call the pipeline's clients make, as the IAM authorizations it needs, with what
 * triggered it (the EventBridge event, or the reconciler's schedule), so that {@code qa/iam/evaluate.mjs}
 * can route each call to the function the template gives that trigger and judge it against that
 * function's role with an IAM policy simulator. One JSON line per call in {@link #FILE}, started afresh
 * in each test JVM.
 */
public final class IamCallLog implements ExecutionInterceptor {
    public static final Path FILE = Path.of("target", "iam-calls", "calls.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<ObjectNode> TRIGGER = new ThreadLocal<>();

    static {
        try {
            Files.createDirectories(FILE.getParent());
            Files.deleteIfExists(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final String stack;
    private final String table;
    private final String region;
    private final String account;
    private final IamRequests requests;
    private volatile String boxSecurityGroup;
    private volatile String launchTemplate;
    private volatile String vpc;

    public IamCallLog(String stack, String table, String region, String account, Ec2Client world) {
        this.stack = stack;
        this.table = table;
        this.region = region;
        this.account = account;
        this.requests = new IamRequests(region, account, id -> tagsOf(world, id), world);
    }

    /** Runs {@code work} as the function that receives {@code eventJson} would. */
    public static void duringEvent(String eventJson, Runnable work) {
        ObjectNode trigger = JSON.createObjectNode();
        try {
            trigger.set("event", JSON.readTree(eventJson));
        } catch (IOException e) {
            trigger.put("unreadableEvent", eventJson); // a malformed event: routed to no function
        }
        during(trigger, work);
    }

    /** Runs {@code work} as the scheduled reconciler. */
    public static void duringSchedule(Runnable work) {
        ObjectNode trigger = JSON.createObjectNode();
        trigger.put("schedule", true);
        during(trigger, work);
    }

    /** The deployment's box security group (the template's BoxSecurityGroup), once a test has one. */
    public void boxSecurityGroup(String groupId) {
        this.boxSecurityGroup = groupId;
    }

    /** The deployment's launch template and VPC (the template's BoxLaunchTemplate and Vpc). */
    public void launchTemplate(String launchTemplateId, String vpcId) {
        this.launchTemplate = launchTemplateId;
        this.vpc = vpcId;
    }

    /** Runs {@code work} as the control plane, which its function URL invokes. */
    public static void duringControl(Runnable work) {
        ObjectNode trigger = JSON.createObjectNode();
        trigger.put("functionUrl", true);
        during(trigger, work);
    }

    private static void during(ObjectNode trigger, Runnable work) {
        ObjectNode outer = TRIGGER.get();
        TRIGGER.set(trigger);
        try {
            work.run();
        } finally {
            TRIGGER.set(outer);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ObjectNode line = JSON.createObjectNode();
        line.set("trigger", TRIGGER.get());
        line.put("stack", stack);
        line.put("table", table);
        line.put("region", region);
        line.put("account", account);
        if (boxSecurityGroup != null) {
            line.put("securityGroup", boxSecurityGroup);
        }
        if (launchTemplate != null) {
            line.put("launchTemplate", launchTemplate);
            line.put("vpc", vpc);
        }
        line.put("call", request.getClass().getSimpleName().replaceFirst("Request$", ""));
        line.set("requests", JSON.valueToTree(requests.of(request)));
        append(line.toString());
    }

    private static synchronized void append(String line) {
        try {
            Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> tagsOf(Ec2Client world, String id) {
        Map<String, String> tags = new TreeMap<>();
        world.describeTags(r -> r.filters(f -> f.name("resource-id").values(id))).tags()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

}
