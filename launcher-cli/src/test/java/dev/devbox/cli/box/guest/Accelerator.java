package dev.devbox.cli.box.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How qemu runs the guest: KVM when {@code /dev/kvm} is usable, else software emulation (TCG), which boots
 * too, only slower. {@code DEVBOX_BOXTEST_ACCEL=kvm|tcg} forces one.
 */
public record Accelerator(String name, List<String> qemuArgs) {
    // A named model rather than -cpu host: with host, qemu aborted on MSR 0x10a on this kind of machine.
    static final Accelerator KVM = new Accelerator("kvm", List.of("-accel", "kvm", "-cpu", "max"));
    static final Accelerator TCG = new Accelerator("tcg", List.of("-accel", "tcg,thread=multi", "-cpu", "max"));

    public static Accelerator choose() {
        String forced = System.getenv().getOrDefault("DEVBOX_BOXTEST_ACCEL", "");
        if (forced.equals("tcg")) {
            return TCG;
        }
        if (forced.equals("kvm")) {
            return KVM;
        }
        Path kvm = Path.of("/dev/kvm");
        return Files.isReadable(kvm) && Files.isWritable(kvm) ? KVM : TCG;
    }
}
