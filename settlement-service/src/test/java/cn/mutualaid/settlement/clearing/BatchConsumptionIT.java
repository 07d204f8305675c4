package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.PoisonMessage;
import cn.mutualaid.settlement.WalletFeed;
import cn.mutualaid.settlement.WalletFeed.Movement;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.testing.MeshTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Settlement consumes a poll's wallet events at once, one event's effect still exactly once: duplicates (redelivered,
 * or twice in one batch) book nothing again, a poison record is parked alone while the others are booked, and a
 * database outage in the middle of a batch is waited out with nothing lost or doubled.
 */
@MeshTest
class BatchConsumptionIT {
    /** A month nothing else in these tests closes. */
    static final Instant AT = Instant.parse("2030-06-15T04:00:00Z");

    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;
    @Autowired @Qualifier("walletEvents") Consumer<Message<List<byte[]>>> walletEvents;

    @Test
    void duplicatesBookOnceAndAPoisonRecordIsParkedAloneWhileTheOthersAreBooked() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Movement a = capture(feed, 101);
        Movement b = capture(feed, 202, new Share("110100", "440300", 7));
        Movement c = capture(feed, 303);
        String marker = "poison-" + UUID.randomUUID();

        feed.publish(a.envelope());
        feed.publish(b.envelope());
        feed.publish(a.envelope());
        bridge.send(Topics.WALLET_EVENTS, MessageBuilder.withPayload(("{not an envelope " + marker)
                .getBytes(StandardCharsets.UTF_8)).setHeader(KafkaHeaders.KEY, a.paymentId().getBytes()).build());
        feed.publish(c.envelope());
        feed.publish(b.envelope());
        feed.send(a.envelope(), b.envelope(), c.envelope());

        await().atMost(Duration.ofSeconds(60)).until(() -> parked(marker) == 1);
        assertThat(lines(a)).containsExactly(101L);
        assertThat(lines(b)).containsExactlyInAnyOrder(202L, 7L);
        assertThat(lines(c)).containsExactly(303L);
        assertThat(parked(marker)).isEqualTo(1);
    }

    @Test
    void aBatchIsAppliedUpToItsPoisonRecordWhichTheContainerIsToldByIndex() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Movement d = capture(feed, 404);
        Movement e = capture(feed, 505);
        List<byte[]> records = List.of(bytes(d), bytes(d), "{not json".getBytes(StandardCharsets.UTF_8), bytes(e));

        assertThatThrownBy(() -> walletEvents.accept(MessageBuilder.withPayload(records).build()))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(2);
                    assertThat(failed.getCause()).isInstanceOf(PoisonMessage.class);
                });
        assertThat(lines(d)).containsExactly(404L);
        // The record after the poison is the container's to deliver again (it seeks back to it), not applied here.
        assertThat(lines(e)).isEmpty();

        walletEvents.accept(MessageBuilder.withPayload(List.of(bytes(d), bytes(e))).build());
        assertThat(lines(d)).containsExactly(404L);
        assertThat(lines(e)).containsExactly(505L);
    }

    @Test
    void anOutageInTheMiddleOfABatchIsRetriedUntilItPassesAndNothingIsLostOrDoubled() throws Exception {
        WalletFeed feed = new WalletFeed(bridge, db);
        List<Movement> movements = List.of(capture(feed, 1_001), capture(feed, 1_002), capture(feed, 1_003));
        db.sql("alter table clearing_lines rename to clearing_lines_away").fetch().rowsUpdated().block();
        try {
            for (Movement m : movements) {
                feed.publish(m.envelope());
                feed.publish(m.envelope());
            }
            // Well beyond several retries: nothing of the batch may be committed (its inbox records included) or parked.
            Thread.sleep(12_000);
            List<UUID> ids = movements.stream().map(m -> m.envelope().eventId()).toList();
            assertThat(db.sql("select count(*) from inbox where event_id = any(:ids)")
                    .bind("ids", ids.toArray(UUID[]::new)).map(r -> r.get(0, Long.class)).one().block()).isZero();
            assertThat(db.sql("select count(*) from parked_message where event_id = any(:ids)")
                    .bind("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                    .map(r -> r.get(0, Long.class)).one().block()).isZero();
        } finally {
            db.sql("alter table clearing_lines_away rename to clearing_lines").fetch().rowsUpdated().block();
        }
        feed.send(WalletFeed.envelopes(movements));
        for (Movement m : movements) {
            assertThat(lines(m)).containsExactly(m.shares().get(0).fen());
        }
    }

    private static Movement capture(WalletFeed feed, long fen, Share... more) {
        Share[] shares = new Share[more.length + 1];
        shares[0] = new Share("320500", "410100", fen);
        System.arraycopy(more, 0, shares, 1, more.length);
        return feed.capture("batch-" + UUID.randomUUID(), PaymentCategory.RETAIL_PHARMACY, AT, shares);
    }

    private static byte[] bytes(Movement m) {
        return Envelopes.toMessage(m.envelope()).getPayload();
    }

    private List<Long> lines(Movement m) {
        return db.sql("select amount_fen from clearing_lines where event_id = :id order by line_no")
                .bind("id", m.envelope().eventId()).map(r -> r.get(0, Long.class)).all().collectList().block();
    }

    private long parked(String marker) {
        return db.sql("select count(*) from parked_message where convert_from(message_value, 'UTF8') like :m")
                .bind("m", "%" + marker + "%").map(r -> r.get(0, Long.class)).one().block();
    }
}
