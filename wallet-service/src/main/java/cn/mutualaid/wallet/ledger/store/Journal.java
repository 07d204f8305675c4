package cn.mutualaid.wallet.ledger.store;

import cn.mutualaid.kernel.TimeOrderedUuid;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.domain.Posting;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes one journal transaction and its postings in a single statement, inside the caller's transaction. The
 * transaction's id is a version-7 uuid made here: journal_tx and posting are partitioned by month on it (V14).
 */
@Component
public record Journal(DatabaseClient db) {
    /** A recorded transaction: its id, and its entry number (the number the API shows, V14). */
    public record Recorded(UUID txId, long entryNo) {
    }

    public Mono<Recorded> record(String kind, String reference, Instant at, List<Posting> postings) {
        if (postings.isEmpty() || JournalEntry.sum(postings) != 0) {
            return Mono.error(new IllegalStateException("unbalanced journal transaction " + kind + " " + postings));
        }
        UUID txId = TimeOrderedUuid.next();
        String[] ledgers = postings.stream().map(p -> p.ledger().name()).toArray(String[]::new);
        // '' stands for "no person": arrays of nullable text are avoided on the wire.
        String[] persons = postings.stream().map(p -> p.personId() == null ? "" : p.personId()).toArray(String[]::new);
        Long[] amounts = postings.stream().map(Posting::amountFen).toArray(Long[]::new);
        var spec = db.sql("""
                        with t as (insert into journal_tx (tx_id, kind, reference, created_at)
                                   values (:tx, :kind, :reference, :at) returning tx_id, entry_no)
                        insert into posting (tx_id, ledger, person_id, amount_fen)
                        select t.tx_id, d.ledger, nullif(d.person_id, ''), d.amount
                        from t, unnest(:ledgers::text[], :persons::text[], :amounts::bigint[]) as d(ledger, person_id, amount)
                        returning (select entry_no from t)""")
                .bind("tx", txId)
                .bind("kind", kind)
                .bind("at", at)
                .bind("ledgers", ledgers)
                .bind("persons", persons)
                .bind("amounts", amounts);
        spec = reference == null ? spec.bindNull("reference", String.class) : spec.bind("reference", reference);
        // Read every returned row (one per posting): a cancelled result stream would leave buffers unreleased.
        return spec.map(row -> new Recorded(txId, row.get(0, Long.class))).all().last();
    }
}
