package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.platform.messaging.ConsumerWatchdog;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.testing.MeshTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The consumer watchdog on a real broker: it sees events wait under the group's unmoved offset (from the broker's
 * offsets), starts again a consumer that stopped abnormally, and leaves alone one stopped on purpose.
 */
@MeshTest
class ConsumerWatchdogIT {
    private static final String BINDING = "probeConsumer-in-0";

    @Autowired StreamBridge bridge;
    @Autowired ProbeApplication.OtherService other;
    @Autowired ConsumerWatchdog watchdog;
    @Autowired MeterRegistry meters;

    @Test
    void aConsumerThatStoppedAbnormallyIsStartedAgainAndTakesTheEventsThatWaited() {
        MessageListenerContainer container = container();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.getAssignedPartitions().isEmpty());
        double before = restarts("start");

        container.stopAbnormally(() -> { });
        String person = "watchdog-" + UUID.randomUUID();
        bridge.send(Topics.REGISTRY_EVENTS, Envelopes.toMessage(Envelope.wrap(ProbeApplication.person(person), person)));

        await().atMost(Duration.ofSeconds(60)).until(() -> received(person) == 1);
        assertThat(restarts("start")).isGreaterThan(before);
        assertThat(container.isRunning()).isTrue();
        assertThat(container.isInExpectedState()).isTrue();
    }

    @Test
    void eventsWaitingBehindAConsumerStoppedOnPurposeAreReportedNotForced() {
        MessageListenerContainer container = container();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.getAssignedPartitions().isEmpty());
        double before = restarts("start") + restarts("rejoin");
        String person = "stopped-" + UUID.randomUUID();
        container.stop();
        try {
            bridge.send(Topics.REGISTRY_EVENTS,
                    Envelopes.toMessage(Envelope.wrap(ProbeApplication.person(person), person)));
            // stall-after is 3 s in the probe: the broker's offsets show the event waiting, unmoved.
            await().atMost(Duration.ofSeconds(30)).until(() -> stalled() >= 1);
            assertThat(received(person)).isZero();
            assertThat(container.isRunning()).isFalse();
            assertThat(restarts("start") + restarts("rejoin")).isEqualTo(before);
        } finally {
            container.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> received(person) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> stalled() == 0);
    }

    private MessageListenerContainer container() {
        assertThat(watchdog.containers(BINDING)).hasSize(1);
        return watchdog.containers(BINDING).get(0);
    }

    private double stalled() {
        return meters.get("mesh.consumer.stalled").tag("binding", BINDING).tag("topic", Topics.REGISTRY_EVENTS)
                .gauge().value();
    }

    private double restarts(String action) {
        Counter counter = meters.find("mesh.consumer.restarts").tag("binding", BINDING).tag("action", action)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long received(String person) {
        return other.db.sql("select count(*) from received where person_id = :p").bind("p", person)
                .map(r -> r.get(0, Long.class)).one().block();
    }
}
