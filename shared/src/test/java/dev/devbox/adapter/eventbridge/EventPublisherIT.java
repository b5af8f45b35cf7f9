package dev.devbox.adapter.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.DevboxException;
import dev.devbox.domain.Failure;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.port.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** devbox's own events reach EventBridge (the emulator's) in the shape users write rules against. */
@ExtendWith(EmulatorExtension.class)
class EventPublisherIT {
    private static final CycleRef CYCLE = new CycleRef(new ProjectName("web"), 7);

    @Test
    void readyAndFailedArePutWithSourceDevboxAndTheirDetail(LocalAws aws) {
        List<PutEventsRequestEntry> sent = new ArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutEventsRequest request) {
                    sent.addAll(request.entries());
                }
            }
        };
        try (EventBridgeClient client = aws.configure(EventBridgeClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(capture)).build()) {
            EventPublisher publisher = EventPublishers.eventBridge(client, "default");

            publisher.projectReady(CYCLE, "ami-0123");
            publisher.projectFailed(CYCLE, new Failure(ProjectState.IMAGING, "AMI failed: quota"));
        }

        assertEquals(List.of("Project Ready", "Project Failed"), sent.stream().map(PutEventsRequestEntry::detailType).toList());
        assertTrue(sent.stream().allMatch(e -> "devbox".equals(e.source()) && "default".equals(e.eventBusName())));
        assertEquals("{\"project\":\"web\",\"generation\":7,\"imageId\":\"ami-0123\"}", sent.get(0).detail());
        assertEquals("{\"project\":\"web\",\"generation\":7,\"stage\":\"IMAGING\",\"reason\":\"AMI failed: quota\"}",
                sent.get(1).detail());
    }

    @Test
    void aBusThatDoesNotExistIsAnErrorNotASilentLoss(LocalAws aws) {
        try (EventBridgeClient client = aws.configure(EventBridgeClient.builder()).build()) {
            EventPublisher publisher = EventPublishers.eventBridge(client, "no-such-bus");

            RuntimeException error = assertThrows(RuntimeException.class, () -> publisher.projectReady(CYCLE, "ami-1"));
            assertTrue(error instanceof DevboxException
                    || error instanceof software.amazon.awssdk.services.eventbridge.model.EventBridgeException, error.toString());
        }
    }
}
