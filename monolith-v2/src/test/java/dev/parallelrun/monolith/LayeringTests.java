package dev.parallelrun.monolith;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * monolith-v2's features depend one way: the payroll knows nothing of how it is notified; the legacy notification
 * knows the payroll; the candidate (the microservice's outbox and client) and the experiment build on both, and
 * nothing builds on them. An arrow back up fails here, not in a review.
 */
class LayeringTests {

    private static final JavaClasses MONOLITH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parallelrun.monolith");

    @Test
    void featuresDependOnlyDownwardsFromCandidateAndExperimentToNotificationToPayroll() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("payroll").definedBy("dev.parallelrun.monolith.payroll..")
                .layer("notification").definedBy("dev.parallelrun.monolith.notification..")
                .layer("candidate").definedBy("dev.parallelrun.monolith.candidate..")
                .layer("experiment").definedBy("dev.parallelrun.monolith.experiment..")
                .whereLayer("candidate").mayNotBeAccessedByAnyLayer()
                .whereLayer("experiment").mayNotBeAccessedByAnyLayer()
                .whereLayer("notification").mayOnlyBeAccessedByLayers("candidate", "experiment")
                .whereLayer("payroll").mayOnlyBeAccessedByLayers("notification", "candidate", "experiment")
                .check(MONOLITH);
    }
}
