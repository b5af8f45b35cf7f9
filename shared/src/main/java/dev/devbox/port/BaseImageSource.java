package dev.devbox.port;

import java.util.Optional;

/** Where a new project's image comes from: the AMI id a public parameter (Canonical's Ubuntu 24.04) names. */
@FunctionalInterface
public interface BaseImageSource {
    /** The AMI id the parameter holds, or empty when the parameter does not exist in this region. */
    Optional<String> imageId(String parameter);
}
