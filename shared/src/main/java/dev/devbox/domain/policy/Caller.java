package dev.devbox.domain.policy;

import java.util.Objects;

/** The developer a request is made for: their principal (recorded as a project's owner) and whether the stack names them an admin. */
public record Caller(String principal, boolean admin) {
    public Caller {
        Objects.requireNonNull(principal, "principal");
        if (principal.isBlank()) {
            throw new IllegalArgumentException("a caller needs a principal");
        }
    }

    public static Caller of(String principal, AdminPolicy policy) {
        return new Caller(principal, policy.isAdmin(principal));
    }

    public String name() {
        return Principals.name(principal);
    }

    /** True if {@code owner} (a project's recorded owner; null for projects from before owners) is this caller. */
    public boolean owns(String owner) {
        return owner != null && owner.equals(principal);
    }
}
