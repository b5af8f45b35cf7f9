package dev.devbox.controlplane;

import dagger.Component;
import dev.devbox.control.ControlEndpoint;
import dev.devbox.di.AwsModule;
import dev.devbox.di.SnapStartPriming;
import dev.devbox.di.ControlModule;
import dev.devbox.di.LambdaEnvironment;
import dev.devbox.di.PortsModule;

import javax.inject.Singleton;
import java.util.Map;

/** ControlHandler's object graph: built once per execution environment, during init. */
@Singleton
@Component(modules = {AwsModule.class, PortsModule.class, ControlModule.class})
public interface ControlFunction {
    ControlEndpoint endpoint();

    /** SnapStart's priming hook: one read per client before the snapshot. */
    SnapStartPriming priming();

    static ControlFunction fromEnvironment() {
        return from(System.getenv());
    }

    /** @throws IllegalStateException when a variable is missing or a team rule is invalid */
    static ControlFunction from(Map<String, String> env) {
        LambdaEnvironment environment = LambdaEnvironment.from(env);
        // A missing stack resource or invalid rules fail the init, not each request.
        for (String variable : ControlModule.REQUIRED) {
            environment.required(variable);
        }
        environment.policy();
        return DaggerControlFunction.builder().awsModule(new AwsModule(environment))
                .controlModule(new ControlModule(environment)).build();
    }
}
