package dev.devbox.emulator.events;

import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The event source contract against devbox's own emulator (moto with fidelity patches). */
@ExtendWith(EmulatorExtension.class)
class MotoEventSourceIT extends EventSourceContract {
    private LocalAws aws;

    @BeforeEach
    void useEmulator(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    Ec2Client ec2() {
        return aws.ec2();
    }

    @Override
    String region() {
        return aws.region().id();
    }

    @Override
    String account() {
        return aws.account();
    }
}
