package cn.mutualaid.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The shape every service follows (docs/architecture.md, "One shape"), as rules a service's test runs over its own
 * main classes: package by feature ({@code <service>.<feature>}), and inside each feature the roles {@code api}
 * (controllers, request/response records), {@code domain} (plain Java rules returning verdicts), {@code store} (SQL)
 * and {@code messaging} (consumers, producers), with the feature's application services in the feature package.
 */
public final class ServiceArchitecture {
    /** What a domain class may use besides its own service's domain: the JDK, the shared kernel and the contracts. */
    private static final String[] DOMAIN_MAY_USE = {"java..", "cn.mutualaid.kernel..", "cn.mutualaid.contracts.."};
    private static final String[] SQL = {"org.springframework.r2dbc..", "io.r2dbc..", "org.springframework.data.r2dbc..",
        "org.springframework.jdbc..", "java.sql.."};

    private ServiceArchitecture() {
    }

    /** Imports the service's main classes (no tests) under {@code rootPackage}, e.g. {@code cn.mutualaid.wallet}. */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** Every rule of the shape; a test calls {@code rules(root).forEach(r -> r.check(classes))}. */
    public static List<ArchRule> rules(String rootPackage) {
        String root = rootPackage;
        return List.of(
                slices().matching(root + ".(*)..").namingSlices("feature $1")
                        .should().beFreeOfCycles()
                        .because("features depend on each other in one direction only"),
                slices().matching(root + ".(**)").namingSlices("package $1")
                        .should().beFreeOfCycles()
                        .because("no package cycles, inside a feature either"),
                classes().that().resideInAPackage(root + "..domain..")
                        .should().onlyDependOnClassesThat().resideInAnyPackage(concat(DOMAIN_MAY_USE, root + "..domain.."))
                        .because("domain is plain Java: no Spring, no SQL, no Reactor, no HTTP"),
                noClasses().that().resideInAPackage(root + "..api..")
                        .should().dependOnClassesThat().resideInAnyPackage(SQL)
                        .because("controllers reach the database only through a store"),
                noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + "..store..")
                        .should().dependOnClassesThat()
                        .haveFullyQualifiedName("org.springframework.r2dbc.core.DatabaseClient")
                        .because("SQL lives in a feature's store; application services and consumers call it"),
                noClasses().that().resideOutsideOfPackage(root + "..api..")
                        .should().dependOnClassesThat().resideInAPackage(root + "..api..")
                        .because("nothing depends on the web layer"),
                noClasses().that().resideInAnyPackage(root + "..store..", root + "..domain..")
                        .should().dependOnClassesThat().resideInAPackage(root + "..messaging..")
                        .because("stores and rules do not consume or publish messages"),
                classes().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                        .should().resideInAPackage(root + "..api..")
                        .because("controllers live in api"),
                noClasses().that().resideInAPackage(root + "..")
                        .should().dependOnClassesThat().haveFullyQualifiedName("cn.mutualaid.platform.web.ApiException")
                        .because("rules reject with cn.mutualaid.kernel.Rejection; the web layer maps it"));
    }

    private static String[] concat(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }
}
