package dev.devbox.emulator.junit;

import dev.devbox.emulator.LocalAws;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One emulator per test JVM, started on first use and reset before every test,
 * handed to tests as a {@link LocalAws} parameter.
 *
 * <p>Starting moto costs about a second; resetting it costs milliseconds, so
 * tests share one server but never each other's resources.
 */
public final class EmulatorExtension implements BeforeEachCallback, ParameterResolver {
    private static LocalAws shared;

    static synchronized LocalAws emulator() {
        if (shared == null || !shared.isAlive()) {
            shared = LocalAws.start();
            LocalAws started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devbox-emulator-stop"));
        }
        return shared;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator();
    }
}
