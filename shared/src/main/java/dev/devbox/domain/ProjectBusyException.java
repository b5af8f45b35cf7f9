package dev.devbox.domain;

/** A launch (or delete) found the project with a cycle in flight. */
public final class ProjectBusyException extends DevboxException {
    private final ProjectName project;
    private final ProjectState state;

    public ProjectBusyException(ProjectName project, ProjectState state) {
        super("project " + project + " is " + state + "; wait until it is READY or FAILED");
        this.project = project;
        this.state = state;
    }

    public ProjectName project() {
        return project;
    }

    public ProjectState state() {
        return state;
    }
}
