package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.OwnerNamespace;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Which record a developer means by a project name. Names are per owner ({@link OwnerNamespace}):
 * a developer's {@code web} is their own, under their own key (or, recorded before names were
 * per owner, the plain one), and never another developer's, whose projects are simply not found
 * (asking about a name reveals nothing). An admin reaches another developer's project only by
 * naming them ({@code --owner}); a project from before owners (no owner recorded) is the admins',
 * as {@link ProjectAccess} says.
 */
public final class ProjectDirectory {
    private final ProjectStore projects;

    @Inject
    public ProjectDirectory(ProjectStore projects) {
        this.projects = projects;
    }

    /** The project the caller means by {@code name}, if any; refuses only what {@link ProjectAccess#check} does. */
    public Optional<Project> find(ProjectAccess access, ProjectName name) {
        if (access.actingFor().isPresent()) {
            return namedOwners(access, name);
        }
        Optional<Project> own = projects.find(OwnerNamespace.key(name, access.caller().principal()))
                .filter(access::mine);
        if (own.isPresent()) {
            return own;
        }
        // Recorded before names were per owner: the plain key, the caller's own, or an owner-less one (admins').
        return projects.find(name).filter(p -> p.owner() == null || access.mine(p)).map(access::check);
    }

    /** The key a launch of {@code name} by the caller claims: the existing project's, else the caller's own. */
    public ProjectName keyFor(ProjectAccess access, ProjectName name) {
        return find(access, name).map(Project::name)
                .orElseGet(() -> OwnerNamespace.key(name, access.caller().principal()));
    }

    /** The name the project's owner knows it by. */
    public static String displayName(Project project) {
        return OwnerNamespace.displayName(project.name(), project.owner());
    }

    /**
     * An admin naming a developer: that developer's project of this name, whichever its key, else
     * one from before owners (how an admin gives such a project to its developer). A name that
     * fits more than one principal (a user and a role session both called bob) is refused: the
     * admin names the one they mean by ARN.
     */
    private Optional<Project> namedOwners(ProjectAccess access, ProjectName name) {
        List<Project> named = projects.list().stream().filter(p -> displayName(p).equals(name.value())).toList();
        List<Project> theirs = named.stream().filter(p -> p.owner() != null && access.mine(p)).toList();
        List<String> owners = theirs.stream().map(Project::owner).distinct().toList();
        if (owners.size() > 1) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "'--owner " + access.actingFor().orElseThrow() + "' fits "
                    + owners.size() + " developers with a project '" + name + "' (" + String.join(", ", owners)
                    + "): name the one you mean by ARN.");
        }
        if (!theirs.isEmpty()) {
            return Optional.of(theirs.get(0));
        }
        return named.stream().filter(p -> p.owner() == null).findFirst().map(access::check);
    }
}
