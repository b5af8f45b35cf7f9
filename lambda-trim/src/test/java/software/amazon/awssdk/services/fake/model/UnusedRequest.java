package software.amazon.awssdk.services.fake.model;

import com.example.trimfixture.Buildable;
import com.example.trimfixture.Copyable;

/** A request in the SDK's shape: it and its builder make each other, through library interfaces. */
public final class UnusedRequest implements Copyable<UnusedRequest.Builder> {
    private final int size;

    private UnusedRequest(BuilderImpl builder) {
        this.size = builder.size;
    }

    public int size() {
        return size;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    @Override
    public Builder toBuilder() {
        BuilderImpl copy = new BuilderImpl();
        copy.size = size;
        return copy;
    }

    public interface Builder extends Buildable<UnusedRequest> {
        Builder size(int value);
    }

    static final class BuilderImpl implements Builder {
        private int size;

        @Override
        public Builder size(int value) {
            this.size = value;
            return this;
        }

        @Override
        public UnusedRequest build() {
            return new UnusedRequest(this);
        }
    }
}
