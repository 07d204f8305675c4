package cn.mutualaid.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class RefusedInstancesTest {
    private static final ServiceInstance ONE = instance(8083);
    private static final ServiceInstance TWO = instance(8093);

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final RefusedInstances refused = new RefusedInstances(Duration.ofSeconds(10), new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void anInstanceThatRefusedIsLeftOutUntilItsEjectionRunsOut() {
        assertThat(refused.available(List.of(ONE, TWO))).containsExactly(ONE, TWO);
        refused.refused(TWO);
        assertThat(refused.available(List.of(ONE, TWO))).containsExactly(ONE);
        now = now.plusSeconds(9);
        assertThat(refused.available(List.of(ONE, TWO))).containsExactly(ONE);
        now = now.plusSeconds(1);
        assertThat(refused.available(List.of(ONE, TWO))).as("tried again: it may have been restarted")
                .containsExactly(ONE, TWO);
    }

    @Test
    void whenEveryInstanceRefusedAllAreOffered() {
        refused.refused(ONE);
        refused.refused(TWO);
        assertThat(refused.available(List.of(ONE, TWO))).containsExactly(ONE, TWO);
    }

    private static ServiceInstance instance(int port) {
        return new DefaultServiceInstance("wallet-" + port, "wallet-service", "127.0.0.1", port, false);
    }
}
