package dev.devbox.trim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** What the trimmer does with a jar of a function's lib/, told by the classes it holds. */
enum JarKind {
    /** devbox's own code: kept whole; what it calls decides what else is used. */
    DEVBOX,
    /** An AWS SDK service client (ec2, dynamodb, ...): the whole API; trimmed to what devbox calls. */
    SERVICE,
    /** Everything else (SDK core, Jackson, Dagger, ...): kept whole, as it may load classes by name. */
    LIBRARY;

    static final String SERVICE_PREFIX = "software/amazon/awssdk/services/";

    static JarKind of(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            boolean service = false;
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith("dev/devbox/")) {
                    return DEVBOX;
                }
                service |= name.startsWith(SERVICE_PREFIX) && name.endsWith(".class");
            }
            return service ? SERVICE : LIBRARY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /**
     * A service's request/response shapes, marshallers, paginators and waiters: generated per API
     * operation and loaded only through direct references, never by name, so an unreferenced one
     * can go. The client, its builders, endpoints and auth are kept as ProGuard decides.
     */
    static boolean perOperation(String className) {
        if (!className.startsWith(SERVICE_PREFIX)) {
            return false;
        }
        String rest = className.substring(SERVICE_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String pkg = rest.substring(slash + 1);
        return pkg.startsWith("model/") || pkg.startsWith("transform/") || pkg.startsWith("paginators/")
                || pkg.startsWith("waiters/");
    }
}
