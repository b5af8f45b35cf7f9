package dev.devbox.adapter.ssm;

import dev.devbox.port.BaseImageSource;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The only public way to the SSM adapter. */
public final class SsmGateways {
    private SsmGateways() {
    }

    public static BaseImageSource baseImages(SsmClient ssm) {
        return new SsmBaseImages(ssm);
    }
}
