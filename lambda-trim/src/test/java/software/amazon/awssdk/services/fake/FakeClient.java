package software.amazon.awssdk.services.fake;

import java.util.function.Consumer;
import software.amazon.awssdk.services.fake.model.UnusedRequest;
import software.amazon.awssdk.services.fake.model.UnusedResponse;
import software.amazon.awssdk.services.fake.model.UsedRequest;
import software.amazon.awssdk.services.fake.model.UsedResponse;

/** A service client in the SDK's shape: one method per operation, and consumer-builder variants. */
public interface FakeClient {
    UsedResponse used(UsedRequest request);

    UnusedResponse unused(UnusedRequest request);

    // Names UnusedRequest.Builder, so this interface's InnerClasses attribute lists it.
    default UnusedResponse unused(Consumer<UnusedRequest.Builder> request) {
        UnusedRequest.Builder builder = UnusedRequest.builder();
        request.accept(builder);
        return unused(builder.build());
    }

    static FakeClient create() {
        return new DefaultFakeClient();
    }
}
