package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which image a type boots, and the same-size type of the other architecture to suggest. */
class ArchitectureTest {
    @Test
    void onlyATypeThatRunsNothingButArm64BootsTheArm64Image() {
        assertEquals("arm64", Architecture.forType(Set.of("arm64")));
        assertEquals("x86_64", Architecture.forType(Set.of("x86_64")));
        assertEquals("x86_64", Architecture.forType(Set.of("i386", "x86_64")));
        assertEquals("x86_64", Architecture.forType(Set.of()));
        assertEquals("arm64", Architecture.ubuntuName("arm64"));
        assertEquals("amd64", Architecture.ubuntuName("x86_64"));
    }

    @Test
    void siblingsKeepTheSizeAndTheClassLetter() {
        assertEquals(List.of("t4g.small"), Architecture.siblings("t3.small", "arm64"));
        assertEquals(List.of("t4g.micro"), Architecture.siblings("t3a.micro", "arm64"));
        assertEquals(List.of("m7g.2xlarge"), Architecture.siblings("m5.2xlarge", "arm64"));
        assertEquals(List.of("c7i.large"), Architecture.siblings("c7g.large", "x86_64"));
        assertEquals(List.of("r7i.xlarge"), Architecture.siblings("r6g.xlarge", "x86_64"));
        assertEquals(List.of("t3.medium"), Architecture.siblings("t4g.medium", "x86_64"));
        assertEquals(List.of(), Architecture.siblings("g5.xlarge", "arm64"), "no GPU sibling");
        assertEquals(List.of(), Architecture.siblings("m7g.large", "arm64"), "itself is no sibling");
        assertEquals(List.of(), Architecture.siblings("nodot", "arm64"));
    }
}
