package dev.devbox;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            // shared's own packages (the emulator, on the test classpath as classes in a reactor build, is not ours).
            .importPackages("dev.devbox.domain", "dev.devbox.port", "dev.devbox.adapter", "dev.devbox.event",
                    "dev.devbox.di", "dev.devbox.pipeline", "dev.devbox.diagnostics");

    @Test
    void theDomainKnowsNothingOfAwsJacksonOrDagger() {
        noClasses().that().resideInAPackage("dev.devbox.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.fasterxml..", "dagger..", "javax.inject..",
                        "dev.devbox.adapter..", "dev.devbox.port..", "dev.devbox.pipeline..", "dev.devbox.event..")
                .check(CLASSES);
    }

    @Test
    void portsAndPipelineStepsSpeakDomainNotSdk() {
        noClasses().that().resideInAnyPackage("dev.devbox.port..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.fasterxml..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.devbox.pipeline..")
                // The wiring that takes SDK clients (Pipeline, its config and component) is the one exception.
                .and().haveNameNotMatching(".*(PipelineComponent|PipelineConfig|\\.Pipeline)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..")
                .check(CLASSES);
    }

    @Test
    void adapterClassesHideBehindTheirPorts() {
        classes().that().resideInAnyPackage("dev.devbox.adapter..")
                .and().haveSimpleNameNotEndingWith("Stores").and().haveSimpleNameNotEndingWith("Gateways")
                .and().haveSimpleNameNotEndingWith("Publishers").and().doNotHaveSimpleName("TableSchema")
                .should().notBePublic()
                .check(CLASSES);
    }

    @Test
    void nothingInTheLambdaPathWritesToStdout() {
        noClasses().should().accessField(System.class, "out").check(CLASSES);
    }
}
