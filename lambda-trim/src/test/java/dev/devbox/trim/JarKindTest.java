package dev.devbox.trim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarKindTest {
    @Test
    void only_a_services_generated_per_operation_packages_are_per_operation() {
        assertTrue(JarKind.perOperation("software/amazon/awssdk/services/ec2/model/DeleteVpcRequest"));
        assertTrue(JarKind.perOperation("software/amazon/awssdk/services/ec2/transform/DeleteVpcRequestMarshaller"));
        assertTrue(JarKind.perOperation("software/amazon/awssdk/services/ec2/paginators/DescribeInstancesIterable"));
        assertTrue(JarKind.perOperation("software/amazon/awssdk/services/ec2/waiters/Ec2Waiter"));
        assertFalse(JarKind.perOperation("software/amazon/awssdk/services/ec2/DefaultEc2Client"));
        assertFalse(JarKind.perOperation("software/amazon/awssdk/services/ec2/endpoints/Ec2EndpointProvider"));
        assertFalse(JarKind.perOperation("software/amazon/awssdk/services/ec2/internal/Ec2ServiceClientConfigurationBuilder"));
        assertFalse(JarKind.perOperation("software/amazon/awssdk/services/ec2"));
        assertFalse(JarKind.perOperation("software/amazon/awssdk/core/model/Foo"));
        assertFalse(JarKind.perOperation("dev/devbox/services/x/model/Y"));
    }

    @Test
    void a_jar_is_devbox_service_or_library_by_the_classes_it_holds(@TempDir Path dir) throws IOException {
        Path lib = FixtureJars.lib(dir);
        assertEquals(JarKind.DEVBOX, JarKind.of(lib.resolve(FixtureJars.DEVBOX)));
        assertEquals(JarKind.SERVICE, JarKind.of(lib.resolve(FixtureJars.SERVICE)));
        assertEquals(JarKind.LIBRARY, JarKind.of(lib.resolve(FixtureJars.LIBRARY)));
    }
}
