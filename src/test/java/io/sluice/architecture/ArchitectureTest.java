package io.sluice.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of Sluice's packages, frozen: a package per concern with no cycles between them, and the entry layer
 * (the main class, {@code boot}, {@code cli}, {@code demo}, {@code karaf}) on top, imported by nothing below it.
 */
@AnalyzeClasses(packages = "io.sluice", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] ENTRY_LAYER = {"io.sluice.boot..", "io.sluice.cli..", "io.sluice.demo..",
            "io.sluice.karaf.."};

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.sluice.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingImportsTheEntryLayer = noClasses()
            .that().resideOutsideOfPackages(ENTRY_LAYER).and().resideOutsideOfPackage("io.sluice")
            .should().dependOnClassesThat().resideInAnyPackage(ENTRY_LAYER);

    @ArchTest
    static final ArchRule configIsALeaf = noClasses().that().resideInAPackage("io.sluice.config..")
            .should().dependOnClassesThat(resideInAPackage("io.sluice..").and(not(resideInAPackage("io.sluice.config.."))));
}
