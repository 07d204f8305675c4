package cn.mutualaid.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** mesh.rate-limit.store picks where buckets live; the launcher sets memory when no Redis answers. */
class RateLimitConfigurationTest {
    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(RateLimitConfiguration.class);

    @Test
    void memoryStoreNeedsNoRedis() {
        context.withPropertyValues("mesh.rate-limit.store=memory",
                        "mesh.rate-limit.routes.wallet-payments.replenish-rate=2",
                        "mesh.rate-limit.routes.wallet-payments.burst-capacity=4")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(RateLimitStore.class)).isInstanceOf(MemoryRateLimitStore.class);
                    RateLimitProperties properties = ctx.getBean(RateLimitProperties.class);
                    assertThat(properties.bucketFor("wallet-payments"))
                            .isEqualTo(new RateLimitProperties.Bucket("wallet-payments",
                                    new RateLimitProperties.Limit(2, 4)));
                    assertThat(properties.bucketFor("registry").name()).isEqualTo("default");
                    assertThat(properties.bucketFor("registry").limit()).isEqualTo(new RateLimitProperties.Limit(20, 40));
                });
    }

    @Test
    void aLimitThatNeverRefillsIsRefusedAtStartup() {
        context.withPropertyValues("mesh.rate-limit.store=memory", "mesh.rate-limit.default-limit.replenish-rate=0")
                .run(ctx -> assertThat(ctx).hasFailed());
    }
}
