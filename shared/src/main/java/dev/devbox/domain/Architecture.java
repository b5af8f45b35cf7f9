package dev.devbox.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU architectures as EC2 names them, which image a type boots, and which types of the other
 * architecture are the nearest fit (a Graviton sibling of the same size, or an x86 one).
 */
public final class Architecture {
    public static final String X86_64 = "x86_64";
    public static final String ARM64 = "arm64";

    /** A family's class letter to the current general family of each architecture (same sizes). */
    private static final Map<String, String> GRAVITON = Map.of("t", "t4g", "m", "m7g", "c", "c7g", "r", "r7g");
    private static final Map<String, String> X86 = Map.of("t", "t3", "m", "m7i", "c", "c7i", "r", "r7i");

    private Architecture() {
    }

    /** The image architecture a new box of a type that runs {@code architectures} needs: arm64 only when x86_64 won't do. */
    public static String forType(Set<String> architectures) {
        return architectures.contains(ARM64) && !architectures.contains(X86_64) ? ARM64 : X86_64;
    }

    /** Ubuntu's word for it, as in Canonical's parameter paths: amd64 or arm64. */
    public static String ubuntuName(String architecture) {
        return ARM64.equals(architecture) ? "arm64" : "amd64";
    }

    /** "Graviton (arm64)" or "x86 (x86_64)", for messages. */
    public static String describe(String architecture) {
        return ARM64.equals(architecture) ? "Graviton (arm64)" : X86_64.equals(architecture) ? "x86 (x86_64)"
                : architecture;
    }

    /**
     * The type of the same size in the current general family of {@code architecture} with the
     * same class letter (t3.small to t4g.small, m7g.large to m7i.large), or none for classes
     * without a counterpart (GPU, storage, ...).
     */
    public static List<String> siblings(String instanceType, String architecture) {
        int dot = instanceType.indexOf('.');
        if (dot < 1) {
            return List.of();
        }
        String family = instanceType.substring(0, dot);
        String size = instanceType.substring(dot + 1);
        int letters = 0;
        while (letters < family.length() && Character.isLetter(family.charAt(letters))) {
            letters++;
        }
        String sibling = (ARM64.equals(architecture) ? GRAVITON : X86).get(family.substring(0, letters));
        if (sibling == null || sibling.equals(family)) {
            return List.of();
        }
        return List.of(sibling + "." + size);
    }
}
