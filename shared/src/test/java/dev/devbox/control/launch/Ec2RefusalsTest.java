package dev.devbox.control.launch;

import dev.devbox.port.Ec2RefusedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each failed RunInstances says whose move it is. */
class Ec2RefusalsTest {
    private static String say(String code) {
        return Ec2Refusals.say(new Ec2RefusedException(code, "EC2's words.", null));
    }

    @Test
    void permissionsCapacityAndQuotasEachSayWhatToDo() {
        assertTrue(say("UnauthorizedOperation").contains("stack's admin should update the stack"), say("x"));
        assertTrue(say("AccessDeniedException").contains("stack's admin"));
        assertTrue(say("InsufficientInstanceCapacity").contains("try another --instance-type"));
        assertTrue(say("Unsupported").contains("try another --instance-type"));
        assertTrue(say("InstanceLimitExceeded").contains("quota"));
        assertTrue(say("VcpuLimitExceeded").contains("quota"));
        assertEquals("EC2 refused the launch: InvalidParameterValue: EC2's words.", say("InvalidParameterValue"));
        assertEquals("The launch failed: read timed out", Ec2Refusals.say(new IllegalStateException("read timed out")));
    }
}
