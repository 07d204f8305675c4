package cn.mutualaid.wallet.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.AccountMoved;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.contracts.wallet.QuotaReleased;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.platform.messaging.OutboxRelay;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.wallet.support.TopicTap;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The wallet's step of the dissolution saga, and the account move after a transfer, over real Kafka. */
@MeshTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired OutboxRelay relay;
    Wallet w;
    TopicTap replies;
    TopicTap events;

    @BeforeAll
    void taps() {
        replies = new TopicTap(Topics.WALLET_REPLIES);
        events = new TopicTap(Topics.WALLET_EVENTS);
    }

    @AfterAll
    void closeTaps() {
        replies.close();
        events.close();
    }

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    /** A parent's 6000 quota for a child: 1000 captured, 1500 held by an open authorization. */
    private record Family(String parent, String child, String relation, String hospital, String heldPaymentId) {
    }

    private Family family() {
        String parent = w.employee("320500", 10_000);
        String child = w.employee("320500", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "320500");
        String relation = w.quota(parent, child, 6000);
        w.paid(hospital, child, 1000, PaymentCategory.MEDICAL_INSTITUTION, true);
        Map<String, Object> held = w.paid(hospital, child, 1500, PaymentCategory.MEDICAL_INSTITUTION, false);
        assertThat(w.quotaOf(relation)).containsExactly(6000L, 1000L, 1500L, 0L);
        return new Family(parent, child, relation, hospital, (String) held.get("paymentId"));
    }

    private Envelope command(Family f) {
        ReleaseQuota command = new ReleaseQuota("cmd-" + UUID.randomUUID(), "saga-" + f.relation(), f.relation(),
                f.parent(), f.child(), "REQUESTED", Instant.now());
        return Envelope.wrap(command, f.relation());
    }

    private List<ReleaseQuotaReply> repliesFor(String relation, int atLeast) {
        return replies.await(e -> e.is(ReleaseQuotaReply.class) && e.aggregateId().equals(relation), atLeast, Wallet.WAIT)
                .stream().map(e -> e.payloadAs(ReleaseQuotaReply.class)).toList();
    }

    private void assertReleasedOnce(Family f) {
        // 6000 granted - 1000 used = 5000 back to available, the held 1500 included; nothing frozen any more.
        assertThat(w.quotaOf(f.relation())).containsExactly(6000L, 1000L, 0L, 5000L);
        assertThat(w.account(f.parent())).containsExactly(9000L, 0L);
        assertThat(w.count("select count(*) from payment where payment_id = :id::uuid and status = 'VOIDED' and void_reason = 'RELEASED'",
                f.heldPaymentId())).isEqualTo(1);
        assertThat(w.count("select count(*) from outbox where aggregate_id = :id and type = 'QuotaReleased'", f.relation())).isEqualTo(1);
        assertThat(w.count("select count(*) from journal_tx where kind = 'QUOTA_RELEASE' and reference = :id", f.relation())).isEqualTo(1);
        w.assertLedgerOk();
    }

    @Test
    void releaseVoidsTheOpenHoldAndReturnsTheUnusedAmountOnceHoweverOftenItIsCommanded() {
        Family f = family();
        Envelope first = command(f);
        w.publish(Topics.WALLET_COMMANDS, first);
        w.publish(Topics.WALLET_COMMANDS, first);              // the same event redelivered
        w.publish(Topics.WALLET_COMMANDS, command(f));         // the saga retrying with new event ids
        w.publish(Topics.WALLET_COMMANDS, command(f));

        List<ReleaseQuotaReply> got = repliesFor(f.relation(), 3);
        assertThat(got).hasSize(3).allSatisfy(reply -> {
            assertThat(reply.releasedFen()).isEqualTo(5000);
            assertThat(reply.voidedHoldFen()).isEqualTo(1500);
            assertThat(reply.sagaId()).isEqualTo("saga-" + f.relation());
        });
        assertThat(got.get(0).commandId()).isEqualTo(first.payloadAs(ReleaseQuota.class).commandId());
        assertReleasedOnce(f);
        QuotaReleased released = events.await(e -> e.is(QuotaReleased.class) && e.aggregateId().equals(f.relation()), 1, Wallet.WAIT)
                .get(0).payloadAs(QuotaReleased.class);
        assertThat(released.releasedFen()).isEqualTo(5000);
        assertThat(released.voidedHoldFen()).isEqualTo(1500);

        // The relationship is over in the wallet: no new quota, no capture of the voided hold.
        w.setQuota(f.parent(), f.relation(), 100).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("RELATION_NOT_ACTIVE");
        w.action(f.hospital(), f.heldPaymentId(), "capture").expectStatus().isEqualTo(409);
        assertThat(replies.settle(e -> e.is(ReleaseQuotaReply.class) && e.aggregateId().equals(f.relation()), Duration.ofSeconds(2)))
                .hasSize(3);
    }

    @Test
    void aRestartBetweenReceivingAndReplyingStillRepliesTheSameAmountOnce() {
        Family f = family();
        Envelope first = command(f);
        relay.stop();
        try {
            w.publish(Topics.WALLET_COMMANDS, first);
            // Received and applied, the reply waiting in the outbox: then the "restart" hands us the command again.
            await().atMost(Wallet.WAIT).until(() -> w.count(
                    "select count(*) from outbox where aggregate_id = :id and type = 'ReleaseQuotaReply' and sent_at is null", f.relation()) == 1);
            w.publish(Topics.WALLET_COMMANDS, first);
            w.publish(Topics.WALLET_COMMANDS, command(f));
            await().atMost(Wallet.WAIT).until(() -> w.count(
                    "select count(*) from outbox where aggregate_id = :id and type = 'ReleaseQuotaReply' and sent_at is null", f.relation()) == 2);
            assertReleasedOnce(f);
        } finally {
            relay.start();
        }
        List<ReleaseQuotaReply> got = repliesFor(f.relation(), 2);
        assertThat(got).hasSize(2).allSatisfy(reply -> assertThat(reply.releasedFen()).isEqualTo(5000));
        assertThat(replies.settle(e -> e.is(ReleaseQuotaReply.class) && e.aggregateId().equals(f.relation()), Duration.ofSeconds(2)))
                .hasSize(2);
        assertReleasedOnce(f);
    }

    @Test
    void aRelationWithoutQuotaReleasesZeroAndCannotGetOneAfterwards() {
        String parent = w.employee("320500", 1000);
        String child = w.employee("320500", 0);
        String relation = w.relation(parent, child);
        w.publish(Topics.WALLET_COMMANDS, new ReleaseQuota("cmd-1", "saga-1", relation, parent, child, "TERMINATED", Instant.now()), relation);
        assertThat(repliesFor(relation, 1).get(0).releasedFen()).isZero();
        w.setQuota(parent, relation, 100).expectStatus().isEqualTo(409);
        assertThat(w.account(parent)).containsExactly(1000L, 0L);
    }

    @Test
    void theAccountMovesOncePerTransferWithItsBalance() {
        String person = w.employee("320500", 4200);
        String transfer = "tr-" + UUID.randomUUID();
        Envelope move = Envelope.wrap(new MoveAccount("cmd-" + transfer, transfer, person, "410100", "410000", Instant.now()), person);
        w.publish(Topics.WALLET_COMMANDS, move);
        w.publish(Topics.WALLET_COMMANDS, Envelope.wrap(move.payloadAs(MoveAccount.class), person));
        List<Envelope> moved = events.await(e -> e.is(AccountMoved.class) && e.aggregateId().equals(person), 1, Wallet.WAIT);
        AccountMoved event = moved.get(0).payloadAs(AccountMoved.class);
        assertThat(event.fromPoolingArea()).isEqualTo("320500");
        assertThat(event.toPoolingArea()).isEqualTo("410100");
        assertThat(db.sql("select pooling_area from account where person_id = :p").bind("p", person)
                .map(r -> r.get(0, String.class)).one().block()).isEqualTo("410100");
        assertThat(w.account(person)).containsExactly(4200L, 0L);
        assertThat(events.settle(e -> e.is(AccountMoved.class) && e.aggregateId().equals(person), Duration.ofSeconds(2))).hasSize(1);

        String nobody = "res-" + UUID.randomUUID();
        w.publish(Topics.WALLET_COMMANDS, new MoveAccount("cmd-x", "tr-" + UUID.randomUUID(), nobody, "410100", "410000", Instant.now()), nobody);
        AccountMoved none = events.await(e -> e.is(AccountMoved.class) && e.aggregateId().equals(nobody), 1, Wallet.WAIT)
                .get(0).payloadAs(AccountMoved.class);
        assertThat(none.fromPoolingArea()).isNull();
        assertThat(w.count("select count(*) from account where person_id = :id", nobody)).isZero();
        assertThat(Contracts.contractOf(AccountMoved.class).topic()).isEqualTo(Topics.WALLET_EVENTS);
    }
}
