package dev.devbox.cli.command;

import dev.devbox.domain.InvalidProjectNameException;
import dev.devbox.domain.ProjectName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Validates PROJECT while parsing, so an invalid name fails before anything touches AWS. */
public final class ProjectNameConverter implements ITypeConverter<ProjectName> {
    @Override
    public ProjectName convert(String value) {
        try {
            return ProjectName.of(value);
        } catch (InvalidProjectNameException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
