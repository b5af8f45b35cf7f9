package software.amazon.awssdk.services.fake.model;

public final class UnusedResponse {
    private final int size;

    public UnusedResponse(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }
}
