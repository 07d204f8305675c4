package cn.mutualaid.platform.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** A service waits only for events of the topics its input bindings read. */
class ConsumedTopicsTest {
    @Test
    void theDestinationsOfInputBindingsAreTheTopicsWaitedFor() {
        MockEnvironment relation = new MockEnvironment()
                .withProperty("spring.cloud.stream.bindings.registryEvents-in-0.destination", "registry.events")
                .withProperty("spring.cloud.stream.bindings.registryEvents-in-0.group", "relation-service")
                .withProperty("spring.cloud.stream.bindings.walletReplies-in-0.destination", "wallet.replies")
                .withProperty("spring.cloud.stream.bindings.commands-out-0.destination", "wallet.commands");
        assertThat(ConsistencyAutoConfiguration.consumedTopics(relation))
                .containsExactly("registry.events", "wallet.replies");
        assertThat(ConsistencyAutoConfiguration.consumedTopics(new MockEnvironment())).isEmpty();
    }
}
