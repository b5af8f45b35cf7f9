package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.PublicKey;
import dev.devbox.domain.ResourceNames;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.port.Ec2RefusedException;
import dev.devbox.port.LaunchEc2;

import javax.inject.Inject;
import java.util.Map;

/**
 * The EC2 key pair a box gets: one the developer names, which must exist, or their public key,
 * imported once under a name derived from the key's own bytes (so every later launch finds it,
 * and a name cannot be chosen to stand for someone else's key).
 */
public final class LaunchKeys {
    private final LaunchEc2 ec2;
    private final String stack;

    @Inject
    public LaunchKeys(LaunchEc2 ec2, PipelineSettings settings) {
        this.ec2 = ec2;
        this.stack = settings.stack();
    }

    /** @return the key pair's name */
    String ensure(LaunchAsk ask) {
        if (ask.keyName() != null) {
            if (!ec2.keyPairExists(ask.keyName())) {
                throw new ControlRefusal(Kind.NOT_FOUND, "No EC2 key pair named '" + ask.keyName() + "' in this"
                        + " region: pass --key FILE.pub to import one, or omit --key to use ~/.ssh/id_ed25519.pub.");
            }
            return ask.keyName();
        }
        PublicKey key;
        try {
            key = PublicKey.parse(ask.publicKey());
        } catch (IllegalArgumentException e) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "The public key is " + e.getMessage()
                    + ": pass another with --key FILE.pub.");
        }
        String name = key.keyPairName();
        if (!ec2.keyPairExists(name)) {
            try {
                ec2.importKeyPair(name, key.material(), Map.of(ResourceNames.TAG_STACK, stack));
            } catch (Ec2RefusedException e) {
                throw new ControlRefusal(Kind.BAD_REQUEST, "EC2 would not import the public key (" + e.getMessage()
                        + "): pass another with --key FILE.pub.");
            }
        }
        return name;
    }
}
