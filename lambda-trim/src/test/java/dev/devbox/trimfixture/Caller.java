package dev.devbox.trimfixture;

import java.util.function.Supplier;
import software.amazon.awssdk.services.fake.FakeClient;
import software.amazon.awssdk.services.fake.model.UsedRequest;

/** devbox's side of the fixture: it calls one operation of the fake service, never the other. */
public final class Caller implements Supplier<String> {
    @Override
    public String get() {
        return FakeClient.create().used(UsedRequest.builder().name("world").build()).name();
    }
}
