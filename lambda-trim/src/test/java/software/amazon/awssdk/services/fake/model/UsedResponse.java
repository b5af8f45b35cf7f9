package software.amazon.awssdk.services.fake.model;

public final class UsedResponse {
    private final String name;

    public UsedResponse(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
