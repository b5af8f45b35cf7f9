package dev.devbox.domain.policy;

import dev.devbox.domain.Project;
import java.util.Optional;

/**
 * Who may see and act on a project: its owner, and an admin who names that owner
 * ({@code --owner NAME}) so that nobody acts on another developer's work by accident. A project
 * recorded before owners were (owner null) is an admin's to act on: whoever launched it cannot be
 * told, so no developer may take it (and its saved work) by launching it first. An admin's launch
 * records an owner: the one named with {@code --owner}, else the admin.
 */
public final class ProjectAccess {
    private final Caller caller;
    private final Optional<String> ownerFlag;

    /** {@code ownerFlag}: the owner the caller named, empty for "my own". */
    public ProjectAccess(Caller caller, Optional<String> ownerFlag) {
        this.caller = caller;
        // Naming oneself is "my own": the projects are then matched by the caller's exact principal,
        // never by a name, which another principal (a role session called "bob") can share.
        this.ownerFlag = ownerFlag.filter(o -> !o.isBlank()).filter(o -> !named(o, caller.principal()));
        this.ownerFlag.ifPresent(o -> {
            if (!caller.admin()) {
                throw new ForeignProjectException("Only an admin of this stack can act for another developer"
                        + " ('--owner " + o + "'): you are " + caller.name() + ".");
            }
        });
    }

    public Caller caller() {
        return caller;
    }

    /** The principal a project launched now is recorded for: the named owner, else the caller. */
    public Optional<String> actingFor() {
        return ownerFlag;
    }

    /** True if the caller may see the project in lists without --all. */
    public boolean mine(Project project) {
        if (project.owner() == null) {
            return caller.admin();
        }
        return ownerFlag.map(o -> named(o, project.owner()))
                .orElseGet(() -> caller.owns(project.owner()));
    }

    /** Refuses, changing nothing, unless the caller may act on {@code project}. */
    public Project check(Project project) {
        if (mine(project)) {
            return project;
        }
        if (project.owner() == null) {
            throw new ForeignProjectException("Project '" + project.name() + "' was recorded before devbox kept"
                    + " owners, so only an admin of this stack can act on it: an admin gives it to its developer"
                    + " with 'devbox launch " + project.name() + " --owner ARN'.");
        }
        String owner = Principals.name(project.owner());
        if (ownerFlag.isPresent()) {
            throw new ForeignProjectException("Project '" + project.name() + "' belongs to " + owner + ", not "
                    + ownerFlag.get() + ": '--owner " + owner + "' acts on it.");
        }
        if (caller.admin()) {
            throw new ForeignProjectException("Project '" + project.name() + "' belongs to " + owner
                    + ": as an admin, add '--owner " + owner + "' to act on it.");
        }
        throw new ForeignProjectException("Project '" + project.name() + "' belongs to another developer ("
                + owner + "): devbox acts only on your own projects, so pick another name.");
    }

    private static boolean named(String nameOrPrincipal, String principal) {
        return nameOrPrincipal.equals(principal) || nameOrPrincipal.equals(Principals.name(principal));
    }
}
