package cn.mutualaid.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.mock.env.MockEnvironment;

class ConsumerWatchdogTest {

    @Test
    void aBindingBoundAgainReplacesItsContainerAndKeepsItsOneGauge() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ConsumerWatchdog watchdog = watchdog(meters);
        var first = container();
        var second = container();

        watchdog.watch("walletEvents-in-0", "wallet.events", "settlement-service", first);
        // A restarted context (or a binding bound again) configures a new container for the same binding.
        watchdog.watch("walletEvents-in-0", "wallet.events", "settlement-service", second);

        assertThat(watchdog.containers("walletEvents-in-0")).containsExactly(second);
        assertThat(meters.find("mesh.consumer.stalled").gauges()).hasSize(1);
        watchdog.close();
    }

    @Test
    void aBindingOfTwoTopicsIsWatchedOnEachAndAnAnonymousGroupNotAtAll() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ConsumerWatchdog watchdog = watchdog(meters);
        var both = container();
        watchdog.watch("events-in-0", "registry.events, relation.events", "wallet-service", both);
        watchdog.watch("anonymous-in-0", "registry.events", "", container());

        assertThat(watchdog.containers("events-in-0")).containsExactly(both);
        assertThat(watchdog.containers("anonymous-in-0")).isEmpty();
        assertThat(meters.find("mesh.consumer.stalled").gauges()).extracting(g -> g.getId().getTag("topic"))
                .containsExactlyInAnyOrder("registry.events", "relation.events");
        watchdog.close();
    }

    private static ConsumerWatchdog watchdog(SimpleMeterRegistry meters) {
        return new ConsumerWatchdog(new MockEnvironment(),
                new WatchdogProperties(true, Duration.ofSeconds(10), Duration.ofSeconds(30)), meters);
    }

    private static ConcurrentMessageListenerContainer<String, String> container() {
        // Never started: the watchdog only keeps a reference until a pass looks at it.
        return new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()),
                new ContainerProperties("t"));
    }
}
