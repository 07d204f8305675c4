package cn.mutualaid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape rules pass on a service that follows them and fail, each for its reason, on one that does not. */
class ServiceArchitectureTest {
    private static final String GOOD = "cn.mutualaid.testing.archfixture.good";
    private static final String BAD = "cn.mutualaid.testing.archfixture.bad";

    @Test
    void aServiceOfTheShapePassesEveryRule() {
        JavaClasses classes = new ClassFileImporter().importPackages(GOOD);
        for (ArchRule rule : ServiceArchitecture.rules(GOOD)) {
            rule.check(classes);
        }
    }

    @Test
    void eachBreachIsCaught() {
        JavaClasses classes = new ClassFileImporter().importPackages(BAD);
        List<String> failures = ServiceArchitecture.rules(BAD).stream()
                .map(rule -> rule.evaluate(classes))
                .filter(result -> result.hasViolation())
                .map(result -> result.getFailureReport().toString())
                .toList();
        String report = String.join("\n", failures);
        assertThat(report).contains("feature payment").contains("feature ledger");
        assertThat(report).contains("org.springframework.http.HttpStatus");
        assertThat(report).contains("controllers reach the database only through a store");
        assertThat(report).contains("controllers live in api");
        assertThat(report).contains("SQL lives in a feature's store").contains("bad.ledger.Journal");
    }
}
