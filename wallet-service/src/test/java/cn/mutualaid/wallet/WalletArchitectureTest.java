package cn.mutualaid.wallet;

import cn.mutualaid.testing.ServiceArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The wallet keeps the one shape of docs/architecture.md: every rule of {@link ServiceArchitecture}. */
class WalletArchitectureTest {
    private static final String ROOT = "cn.mutualaid.wallet";

    @Test
    void theWalletFollowsTheServiceShape() {
        JavaClasses classes = ServiceArchitecture.mainClasses(ROOT);
        for (ArchRule rule : ServiceArchitecture.rules(ROOT)) {
            rule.check(classes);
        }
    }
}
