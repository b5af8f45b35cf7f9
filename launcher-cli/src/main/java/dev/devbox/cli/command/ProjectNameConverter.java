package dev.devbox.cli.command;

import dev.devbox.domain.InvalidProjectNameException;
import dev.devbox.domain.OwnerNamespace;
import dev.devbox.domain.ProjectName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Validates PROJECT while parsing, so an invalid name fails before anything touches AWS. */
public final class ProjectNameConverter implements ITypeConverter<ProjectName> {
    @Override
    public ProjectName convert(String value) {
        if (OwnerNamespace.reserved(value)) {
            throw new TypeConversionException("'" + value + "' has the form devbox keeps for another owner's"
                    + " project of the same name (NAME--8 hex digits): pick another name.");
        }
        try {
            return ProjectName.of(value);
        } catch (InvalidProjectNameException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
