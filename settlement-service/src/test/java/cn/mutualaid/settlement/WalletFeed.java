package cn.mutualaid.settlement;

import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.MonthTotal;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.contracts.wallet.PaymentRefunded;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.platform.messaging.Envelopes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Feeds settlement the way the wallet does: real envelopes on wallet.events through Kafka. Also the test's own
 * bookkeeping of what it sent, from which the tests compute the expected figures independently of the service.
 */
public class WalletFeed {
    private final StreamBridge bridge;
    private final DatabaseClient db;

    public WalletFeed(StreamBridge bridge, DatabaseClient db) {
        this.bridge = bridge;
        this.db = db;
    }

    /** One benefactor's share: fund area (where the benefactor is insured) → spend area (where it was spent). */
    public record Share(String fundArea, String spendArea, long fen) {
        public String fundProvince() {
            return AidScope.provinceOf(fundArea);
        }

        public String spendProvince() {
            return AidScope.provinceOf(spendArea);
        }

        public AidScope scope() {
            return AidScope.between(fundArea, spendArea);
        }
    }

    /** A capture (refund = false) or a refund (its shares carry positive amounts returned). */
    public record Movement(String paymentId, boolean refund, PaymentCategory category, Instant at, List<Share> shares,
            Envelope envelope) {
        /** Signed money as clearing books it. */
        public long signed(Share share) {
            return refund ? -share.fen() : share.fen();
        }

        public long uses() {
            return refund ? 0 : 1;
        }
    }

    public Movement capture(String paymentId, PaymentCategory category, Instant at, Share... shares) {
        List<PaymentLine> lines = lines(shares);
        long total = List.of(shares).stream().mapToLong(Share::fen).sum();
        var payload = new PaymentCaptured(paymentId, "provider-1", "patient-" + paymentId, category, total, lines, at);
        return new Movement(paymentId, false, category, at, List.of(shares),
                Envelope.wrap(UUID.randomUUID(), payload, paymentId, Instant.now(), null));
    }

    public Movement refund(Movement of, Instant at, Share... shares) {
        long total = List.of(shares).stream().mapToLong(Share::fen).sum();
        var payload = new PaymentRefunded(of.paymentId(), "refund-" + UUID.randomUUID(), "provider-1",
                "patient-" + of.paymentId(), of.category(), total, lines(shares), at);
        return new Movement(of.paymentId(), true, of.category(), at, List.of(shares),
                Envelope.wrap(UUID.randomUUID(), payload, of.paymentId(), Instant.now(), null));
    }

    /**
     * An event with nothing to book (a refund without lines) on {@code key}'s partition: once settlement's inbox has
     * it, every earlier event with that key has been handled too (Kafka keeps order per key).
     */
    public Envelope marker(String key) {
        var payload = new PaymentRefunded(key, "marker-" + UUID.randomUUID(), "provider-1", "patient-" + key,
                PaymentCategory.MEDICAL_INSTITUTION, 0, List.of(), Instant.now());
        return Envelope.wrap(UUID.randomUUID(), payload, key, Instant.now(), null);
    }

    /** Publishes to wallet.events and waits until settlement's inbox has recorded every one of them. */
    public void send(Collection<Envelope> envelopes) {
        envelopes.forEach(this::publish);
        List<UUID> ids = envelopes.stream().map(Envelope::eventId).distinct().toList();
        await().atMost(Duration.ofSeconds(120)).until(() -> processed(ids) == ids.size());
    }

    public void send(Envelope... envelopes) {
        send(List.of(envelopes));
    }

    public void publish(Envelope envelope) {
        bridge.send(Topics.WALLET_EVENTS, Envelopes.toMessage(envelope));
    }

    public static List<Envelope> envelopes(Collection<Movement> movements) {
        return movements.stream().map(Movement::envelope).toList();
    }

    /**
     * The wallet's totals for a month, computed from what the test sent: per fund province, spend province and
     * category, captured and refunded fen of the movements whose time falls in the month (China time).
     */
    public static WalletMonthTotals walletTotals(String period, Collection<Movement> movements) {
        Map<String, long[]> cells = new TreeMap<>();
        Map<String, Object[]> keys = new TreeMap<>();
        for (Movement m : movements) {
            if (!cn.mutualaid.settlement.period.domain.Period.of(m.at()).toString().equals(period)) {
                continue;
            }
            for (Share s : m.shares()) {
                String key = s.fundProvince() + "/" + s.spendProvince() + "/" + m.category();
                keys.put(key, new Object[] {s.fundProvince(), s.spendProvince(), m.category()});
                long[] cell = cells.computeIfAbsent(key, k -> new long[4]);
                cell[m.refund() ? 1 : 0] += s.fen();
                cell[m.refund() ? 3 : 2] += 1;
            }
        }
        List<MonthTotal> totals = new ArrayList<>();
        cells.forEach((key, c) -> {
            Object[] k = keys.get(key);
            totals.add(new MonthTotal((String) k[0], (String) k[1], (PaymentCategory) k[2], c[0], c[1], c[2], c[3]));
        });
        return new WalletMonthTotals(period, totals, Instant.now());
    }

    public static Envelope wrap(WalletMonthTotals totals) {
        return Envelope.wrap(UUID.randomUUID(), totals, totals.period(), Instant.now(), null);
    }

    private long processed(List<UUID> ids) {
        Long count = db.sql("select count(*) from inbox where consumer = 'settlement-service' and event_id = any(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> row.get(0, Long.class)).one().block();
        return count == null ? 0 : count;
    }

    private static List<PaymentLine> lines(Share... shares) {
        List<PaymentLine> lines = new ArrayList<>();
        for (Share s : shares) {
            lines.add(new PaymentLine("quota-" + UUID.randomUUID(), "relation-1", "benefactor-" + s.fundArea(), s.fen(),
                    s.fundArea(), s.fundProvince(), s.spendArea(), s.spendProvince(), s.scope()));
        }
        return lines;
    }
}
