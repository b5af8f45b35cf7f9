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
import java.util.Optional;

/**
 * The EC2 key pair a box gets: one the developer names, which must exist, or their public key,
 * imported once under a name derived from the key's own bytes, so every later launch finds it. A
 * key pair found under that name is used only if it holds that very key: a name is easy to take.
 */
public final class LaunchKeys {
    private final LaunchEc2 ec2;
    private final String stack;

    private static PublicKey parseOrNull(String text) {
        try {
            return PublicKey.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Inject
    public LaunchKeys(LaunchEc2 ec2, PipelineSettings settings) {
        this.ec2 = ec2;
        this.stack = settings.stack();
    }

    /** The key pair a launch will use: {@code toImport} is the key to import first, null when it is there. */
    record Plan(String name, PublicKey toImport) {
    }

    /** Judges the key without changing anything: a named key pair exists, or the caller's key is theirs alone. */
    Plan plan(LaunchAsk ask) {
        if (ask.keyName() != null) {
            if (!ec2.keyPairExists(ask.keyName())) {
                throw new ControlRefusal(Kind.NOT_FOUND, "No EC2 key pair named '" + ask.keyName() + "' in this"
                        + " region: pass --key FILE.pub to import one, or omit --key to use ~/.ssh/id_ed25519.pub.");
            }
            return new Plan(ask.keyName(), null);
        }
        PublicKey key;
        try {
            key = PublicKey.parse(ask.publicKey());
        } catch (IllegalArgumentException e) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "The public key is " + e.getMessage()
                    + ": pass another with --key FILE.pub.");
        }
        String name = key.keyPairName();
        Optional<String> held = ec2.keyPairPublicKey(name);
        if (held.isEmpty()) {
            return new Plan(name, key);
        }
        requireSame(name, key, held);
        return new Plan(name, null);
    }

    /** Imports the planned key if it is not there yet. @return the key pair's name */
    String ensure(Plan plan) {
        if (plan.toImport() == null) {
            return plan.name();
        }
        try {
            ec2.importKeyPair(plan.name(), plan.toImport().material(), Map.of(ResourceNames.TAG_STACK, stack));
        } catch (Ec2RefusedException e) {
            if (!e.code().equals("InvalidKeyPair.Duplicate")) {
                throw new ControlRefusal(Kind.BAD_REQUEST, "EC2 would not import the public key (" + e.getMessage()
                        + "): pass another with --key FILE.pub.");
            }
            // Imported since the plan was made (a concurrent launch, or someone else): whose key is it?
            requireSame(plan.name(), plan.toImport(), ec2.keyPairPublicKey(plan.name()));
        }
        return plan.name();
    }

    /** The name is derived from the key, but anyone allowed to import keys could have taken it for another key. */
    private static void requireSame(String name, PublicKey key, Optional<String> held) {
        if (!held.map(LaunchKeys::parseOrNull).map(key::sameKeyAs).orElse(false)) {
            throw new ControlRefusal(Kind.CONFLICT, "The EC2 key pair '" + name + "' holds another public key than"
                    + " yours, though its name is derived from yours: someone imported it under that name, and a box"
                    + " with it would let them in. Ask the account's admin to delete that key pair, or pass an EC2"
                    + " key pair of your own with --key NAME.");
        }
    }
}
