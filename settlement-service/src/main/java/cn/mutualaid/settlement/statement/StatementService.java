package cn.mutualaid.settlement.statement;

import cn.mutualaid.contracts.settlement.StatementConfirmed;
import cn.mutualaid.kernel.Province;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.settlement.authority.Authorities;
import cn.mutualaid.settlement.period.PeriodSettlement;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.statement.domain.Statement;
import cn.mutualaid.settlement.statement.store.StatementStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Province statements: read with their breakdown, and confirmed by the province's agency. */
@Service
public record StatementService(StatementStore statements, TransactionalOperator tx, Outbox outbox,
        PeriodSettlement settlement, Audit audit, Clock clock) {
    /** CLEARING, or that province's own agency; anyone else 403. */
    public Mono<Statement> view(Caller caller, Period period, Province province) {
        if (!Authorities.of(caller).mayReadStatement(province)) {
            return Mono.error(Rejection.forbidden());
        }
        return view(period, province.code());
    }

    /** The month's statements (headers only), by province. */
    public Flux<Statement> list(Period period, int page, int size) {
        return statements.headers(period, page, size);
    }

    /**
     * Only the province's own agency confirms. Confirms once; confirming again returns the statement unchanged. The
     * period row is locked first so that the last confirmation of a month reliably sees all the others and settles it.
     */
    public Mono<Statement> confirm(Caller caller, Period period, Province province) {
        if (!Authorities.of(caller).mayConfirmStatement(province)) {
            return Mono.error(Rejection.forbidden());
        }
        String p = period.toString();
        String code = province.code();
        String confirmedBy = caller.subject();
        Instant now = clock.instant();
        Mono<Boolean> work = settlement.lock(period)
                .then(statements.confirm(period, code, confirmedBy, now))
                .flatMap(confirmed -> !confirmed
                        ? Mono.just(false)
                        : outbox.append(new StatementConfirmed(p, code, confirmedBy, now), code)
                                .then(audit.record(caller, "statement.confirm", "statement", p + "/" + code,
                                        code, Map.of("period", p, "status", "CONFIRMED")))
                                .then(settlement.trySettle(period)));
        return view(period, code)
                .flatMap(found -> tx.transactional(work))
                .then(view(period, code));
    }

    private Mono<Statement> view(Period period, String province) {
        return statements.header(period, province)
                .flatMap(header -> Mono.zip(statements.counterparts(period, province).collectList(),
                                statements.areas(period, province).collectList())
                        .map(both -> header.with(both.getT1(), both.getT2())))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("statement")));
    }
}
