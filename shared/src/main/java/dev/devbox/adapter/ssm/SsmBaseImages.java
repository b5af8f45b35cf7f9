package dev.devbox.adapter.ssm;

import dev.devbox.port.BaseImageSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.util.Optional;

/** {@link BaseImageSource} on SSM Parameter Store (only the control plane and the CLI link the SSM SDK). */
final class SsmBaseImages implements BaseImageSource {
    private final SsmClient ssm;

    SsmBaseImages(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public Optional<String> imageId(String parameter) {
        try {
            return Optional.of(ssm.getParameter(r -> r.name(parameter)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }
}
