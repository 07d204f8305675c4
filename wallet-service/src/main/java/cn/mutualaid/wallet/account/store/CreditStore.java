package cn.mutualaid.wallet.account.store;

import cn.mutualaid.wallet.account.domain.CreditKind;
import cn.mutualaid.wallet.account.domain.CreditView;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The SQL of credits into personal accounts; runs inside the caller's transaction. */
@Component
public record CreditStore(DatabaseClient db) {
    // The journal transaction's entry number is what a credit shows (V14): read from journal_tx, by the uuid it keeps.
    private static final String COLUMNS = """
            credit_id, person_id, reference, kind, status, amount_fen, balance_after_fen, credited_at, requested_by,
            requested_at, approved_by,
            (select t.entry_no from journal_tx t where t.tx_id = credit.journal_tx) as journal_entry_no""";

    public Mono<CreditView> findByReference(String personId, String reference) {
        return find("person_id = :p and reference = :r", Map.of("p", personId, "r", reference));
    }

    public Mono<CreditView> find(UUID creditId) {
        return find("credit_id = :id", Map.of("id", creditId));
    }

    public Mono<CreditView> lock(UUID creditId) {
        return find("credit_id = :id for update", Map.of("id", creditId));
    }

    /** Credits of the accounts in the area range in one status, newest first. */
    public Flux<CreditView> list(String lowArea, String highArea, String status, int limit, long offset) {
        return db.sql("select " + COLUMNS + """
                         from credit
                        where person_id in (select person_id from account where pooling_area between :lo and :hi)
                          and status = :status
                        order by requested_at desc nulls last, credit_id limit :limit offset :offset""")
                .bind("lo", lowArea).bind("hi", highArea).bind("status", status)
                .bind("limit", limit).bind("offset", offset)
                .map(CreditStore::view).all();
    }

    /** Inserts the credit as PENDING_APPROVAL, with no money moved. */
    public Mono<Void> insertPending(CreditView credit) {
        return db.sql("""
                        insert into credit (credit_id, person_id, reference, kind, status, amount_fen, requested_by,
                                            requested_at)
                        values (:id, :p, :r, :kind, 'PENDING_APPROVAL', :a, :by, :now)""")
                .bind("id", UUID.fromString(credit.creditId())).bind("p", credit.personId())
                .bind("r", credit.reference()).bind("kind", credit.kind().name())
                .bind("a", credit.amountFen()).bind("by", credit.requestedBy()).bind("now", credit.requestedAt())
                .fetch().rowsUpdated().then();
    }

    /** Marks a pending credit COMPLETED with its money's outcome; approvedBy and approvedAt may be null. */
    public Mono<Void> complete(String creditId, long balanceAfterFen, UUID journalTx, Instant creditedAt,
            String approvedBy, Instant approvedAt) {
        return db.sql("""
                        update credit set status = 'COMPLETED', balance_after_fen = :b, journal_tx = :tx,
                               credited_at = :now, approved_by = :by, approved_at = :approvedAt
                         where credit_id = :id and status = 'PENDING_APPROVAL'""")
                .bind("b", balanceAfterFen).bind("tx", journalTx).bind("now", creditedAt)
                .bind("by", Parameter.fromOrEmpty(approvedBy, String.class))
                .bind("approvedAt", Parameter.fromOrEmpty(approvedAt, Instant.class))
                .bind("id", UUID.fromString(creditId))
                .fetch().rowsUpdated().then();
    }

    private Mono<CreditView> find(String where, Map<String, Object> params) {
        var spec = db.sql("select " + COLUMNS + " from credit where " + where);
        for (var p : params.entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.map(CreditStore::view).one();
    }

    private static CreditView view(Readable row) {
        return new CreditView(row.get("credit_id", UUID.class).toString(), row.get("person_id", String.class),
                row.get("reference", String.class), CreditKind.valueOf(row.get("kind", String.class)),
                row.get("status", String.class), row.get("amount_fen", Long.class),
                row.get("balance_after_fen", Long.class), row.get("journal_entry_no", Long.class),
                row.get("credited_at", Instant.class), row.get("requested_by", String.class),
                row.get("requested_at", Instant.class), row.get("approved_by", String.class));
    }
}
