package cn.mutualaid.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.testing.ServiceArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** settlement-service follows the one shape of docs/architecture.md: every rule of ServiceArchitecture holds. */
class SettlementArchitectureTest {
    private static final String ROOT = "cn.mutualaid.settlement";

    @Test
    void everyRuleOfTheShapeHolds() {
        JavaClasses classes = ServiceArchitecture.mainClasses(ROOT);
        List<ArchRule> rules = ServiceArchitecture.rules(ROOT);
        // The import must have found the service: an empty import would pass every rule.
        assertThat(classes.containPackage(ROOT + ".clearing.domain")).isTrue();
        assertThat(rules).isNotEmpty();
        rules.forEach(rule -> rule.check(classes));
    }
}
