package cn.mutualaid.registry;

import cn.mutualaid.testing.ServiceArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The registry keeps the one shape of every service (docs/architecture.md): every rule, over its main classes. */
class RegistryArchitectureTest {
    private static final String ROOT = "cn.mutualaid.registry";

    @Test
    void theRegistryFollowsEveryRuleOfTheShape() {
        JavaClasses classes = ServiceArchitecture.mainClasses(ROOT);
        for (ArchRule rule : ServiceArchitecture.rules(ROOT)) {
            rule.check(classes);
        }
    }
}
