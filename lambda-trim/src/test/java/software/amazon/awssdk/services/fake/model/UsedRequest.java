package software.amazon.awssdk.services.fake.model;

import com.example.trimfixture.Buildable;
import com.example.trimfixture.Copyable;

/** A request in the SDK's shape: it and its builder make each other, through library interfaces. */
public final class UsedRequest implements Copyable<UsedRequest.Builder> {
    private final String name;

    private UsedRequest(BuilderImpl builder) {
        this.name = builder.name;
    }

    public String name() {
        return name;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    @Override
    public Builder toBuilder() {
        BuilderImpl copy = new BuilderImpl();
        copy.name = name;
        return copy;
    }

    public interface Builder extends Buildable<UsedRequest> {
        Builder name(String value);
    }

    static final class BuilderImpl implements Builder {
        private String name;

        @Override
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        @Override
        public UsedRequest build() {
            return new UsedRequest(this);
        }
    }
}
