package cn.mutualaid.settlement.prepaid;

import cn.mutualaid.contracts.settlement.PrepaidFundLow;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.validation.Fen;
import cn.mutualaid.settlement.SettlementProperties;
import cn.mutualaid.settlement.prepaid.domain.Fund;
import cn.mutualaid.settlement.prepaid.domain.FundEntry;
import cn.mutualaid.settlement.prepaid.domain.PrepaidPolicy;
import cn.mutualaid.settlement.prepaid.store.PrepaidFundStore;
import cn.mutualaid.settlement.prepaid.store.PrepaidFundStore.Outflow;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepaid funds kept by the national level, one per province. Every movement is a journal entry and the balance is
 * their sum. Settlement draws net payers and credits net receivers; top-ups come through {@link TopUpService}.
 */
@Service
public class PrepaidFundService {
    private final PrepaidFundStore funds;
    private final Outbox outbox;
    private final Clock clock;
    private final PrepaidPolicy policy;

    public PrepaidFundService(PrepaidFundStore funds, Outbox outbox, Clock clock, SettlementProperties properties) {
        this.funds = funds;
        this.outbox = outbox;
        this.clock = clock;
        SettlementProperties.Prepaid prepaid = properties.prepaid();
        this.policy = PrepaidPolicy.of(prepaid.months(), prepaid.window(), prepaid.lowFraction());
    }

    /** Moves every fund of a settled period by its statement's net, in the settling transaction. */
    public Mono<Void> settle(String period) {
        Instant now = clock.instant();
        return funds.openForStatements(period, now)
                .then(funds.lockAll())
                .then(funds.settle(period, now))
                .then(refresh(now));
    }

    /**
     * Moves a fund by a top-up, inside the caller's transaction (which holds {@link #openAndLock}): one journal entry,
     * the balance, the required level and status. {@link TopUpService} decides whether and when.
     */
    Mono<FundEntry> applyTopUp(String province, long amountFen, String reference, Instant now) {
        return funds.topUp(province, amountFen, reference, now)
                .filter(applied -> applied)
                .switchIfEmpty(Mono.error(() -> Rejection.refused("FUND_LIMIT",
                        "the fund would hold more than " + Fen.MAX_BALANCE + " fen")))
                .then(refresh(now))
                .then(funds.entry(province, reference));
    }

    /** Makes sure the province has a fund row, then locks every fund (in province order: no deadlocks). */
    Mono<Void> openAndLock(String province, Instant now) {
        return funds.open(province, now).then(funds.lockAll());
    }

    public Flux<Fund> list(int page, int size) {
        return funds.page(page, size);
    }

    public Mono<Fund> fund(String province) {
        return funds.fund(province);
    }

    /** Newest first. */
    public Flux<FundEntry> journal(String province, int page, int size) {
        return funds.journal(province, page, size);
    }

    Mono<FundEntry> entry(String province, String reference) {
        return funds.entry(province, reference);
    }

    /**
     * Recomputes each fund's required level from the last settled periods and its status; a fund that leaves OK
     * publishes PrepaidFundLow (once per transition). A handful of rows (one per province), so this is plain Java.
     */
    private Mono<Void> refresh(Instant now) {
        return funds.outflows(policy.window())
                .flatMapMany(byProvince -> funds.all().concatMap(fund -> refresh(fund, byProvince, now)))
                .then();
    }

    private Mono<Void> refresh(Fund fund, Map<String, Outflow> byProvince, Instant now) {
        Outflow outflow = byProvince.getOrDefault(fund.province(), new Outflow(0, 0));
        long required = policy.required(outflow.fen(), outflow.periods());
        String status = policy.status(fund.balanceFen(), required);
        if (required == fund.requiredFen() && status.equals(fund.status())) {
            return Mono.empty();
        }
        Mono<Void> update = funds.updateLevel(fund.province(), required, status, now);
        if (!PrepaidPolicy.becameLow(fund.status(), status)) {
            return update;
        }
        return update.then(outbox.append(new PrepaidFundLow(fund.province(), fund.balanceFen(), required, now),
                fund.province())).then();
    }
}
