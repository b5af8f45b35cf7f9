package dev.devbox.control;

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
 * a developer's {@code web} is their own, under the plain key or their suffixed one, and never
 * another developer's, whose projects are not found rather than refused (a name reveals nothing).
 * An admin reaches another developer's project only by naming them ({@code --owner}); a project
 * from before owners (no owner recorded) is the admins', as {@link ProjectAccess} says.
 */
public final class ProjectDirectory {
    private final ProjectStore projects;

    @Inject
    public ProjectDirectory(ProjectStore projects) {
        this.projects = projects;
    }

    /** The project the caller means by {@code name}, if it exists; refuses only what {@link ProjectAccess#check} does. */
    public Optional<Project> find(ProjectAccess access, ProjectName name) {
        if (access.actingFor().isPresent()) {
            // An admin naming a developer: that developer's project of this name, whichever its key; else
            // one from before owners, which is how an admin gives such a project to its developer.
            List<Project> named = projects.list().stream()
                    .filter(p -> displayName(p).equals(name.value())).toList();
            Optional<Project> theirs = named.stream().filter(p -> p.owner() != null && access.mine(p)).findFirst();
            return theirs.isPresent() ? theirs
                    : named.stream().filter(p -> p.owner() == null).findFirst().map(access::check);
        }
        Optional<Project> plain = projects.find(name);
        if (plain.isPresent() && (plain.get().owner() == null || access.mine(plain.get()))) {
            return plain.map(access::check); // from before owners: the admins' alone
        }
        return projects.find(OwnerNamespace.key(name, access.caller().principal())).map(access::check);
    }

    /** The key a launch of {@code name} by the caller claims: the existing project's, else a new one's. */
    public ProjectName keyFor(ProjectAccess access, ProjectName name) {
        Optional<Project> existing = find(access, name);
        if (existing.isPresent()) {
            return existing.get().name();
        }
        return projects.find(name).isEmpty() ? name : OwnerNamespace.key(name, access.caller().principal());
    }

    /** The name the project's owner knows it by. */
    public static String displayName(Project project) {
        return OwnerNamespace.displayName(project.name(), project.owner());
    }
}
