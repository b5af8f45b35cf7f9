package software.amazon.awssdk.services.fake;

import com.example.trimfixture.Copier;
import software.amazon.awssdk.services.fake.model.UnusedRequest;
import software.amazon.awssdk.services.fake.model.UnusedResponse;
import software.amazon.awssdk.services.fake.model.UsedRequest;
import software.amazon.awssdk.services.fake.model.UsedResponse;

final class DefaultFakeClient implements FakeClient {
    @Override
    public UsedResponse used(UsedRequest request) {
        // Through the library's interfaces, as the SDK's interceptors copy requests.
        UsedRequest copy = Copier.copy(request);
        // A branch, so the kept method has a stack map, which the trimmed copy must carry over.
        String name = copy.name() == null ? "nobody" : copy.name();
        return new UsedResponse("hello " + name);
    }

    @Override
    public UnusedResponse unused(UnusedRequest request) {
        return new UnusedResponse(Copier.copy(request).size() + 1);
    }
}
