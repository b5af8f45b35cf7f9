package dev.devbox.cli.box.guest;

import java.util.List;

/**
 * How qemu runs the guest. Software emulation (TCG) by default: it boots anywhere, only slower. KVM only when
 * asked for with {@code DEVBOX_BOXTEST_ACCEL=kvm}, which .ci/run sets after a KVM probe boot showed the kernel
 * starting: a usable-looking {@code /dev/kvm} is not enough (in nested VMs here, qemu aborted on MSR 0x10a
 * with {@code -cpu host} or {@code max}, and hung after "Probing EDD" with named models).
 */
public record Accelerator(String name, List<String> qemuArgs) {
    static final Accelerator KVM = new Accelerator("kvm", List.of("-accel", "kvm", "-cpu", "max"));
    static final Accelerator TCG = new Accelerator("tcg", List.of("-accel", "tcg,thread=multi"));

    public static Accelerator choose() {
        return "kvm".equals(System.getenv("DEVBOX_BOXTEST_ACCEL")) ? KVM : TCG;
    }
}
