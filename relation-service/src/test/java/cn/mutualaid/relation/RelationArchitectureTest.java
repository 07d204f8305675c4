package cn.mutualaid.relation;

import cn.mutualaid.testing.ServiceArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** relation-service follows the one shape of docs/architecture.md: every rule of {@link ServiceArchitecture}. */
class RelationArchitectureTest {
    private static final String ROOT = "cn.mutualaid.relation";

    @Test
    void followsEveryRuleOfTheServiceShape() {
        JavaClasses classes = ServiceArchitecture.mainClasses(ROOT);
        for (ArchRule rule : ServiceArchitecture.rules(ROOT)) {
            rule.check(classes);
        }
    }
}
