package cn.mutualaid.wallet.ledger.store;

import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.domain.Posting;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Writes one journal transaction and its postings in a single statement, inside the caller's transaction. */
@Component
public record Journal(DatabaseClient db) {
    /** @return the journal transaction id */
    public Mono<Long> record(String kind, String reference, Instant at, List<Posting> postings) {
        if (postings.isEmpty() || JournalEntry.sum(postings) != 0) {
            return Mono.error(new IllegalStateException("unbalanced journal transaction " + kind + " " + postings));
        }
        String[] ledgers = postings.stream().map(p -> p.ledger().name()).toArray(String[]::new);
        // '' stands for "no person": arrays of nullable text are avoided on the wire.
        String[] persons = postings.stream().map(p -> p.personId() == null ? "" : p.personId()).toArray(String[]::new);
        Long[] amounts = postings.stream().map(Posting::amountFen).toArray(Long[]::new);
        var spec = db.sql("""
                        with t as (insert into journal_tx (kind, reference, created_at) values (:kind, :reference, :at)
                                   returning tx_id)
                        insert into posting (tx_id, ledger, person_id, amount_fen)
                        select t.tx_id, d.ledger, nullif(d.person_id, ''), d.amount
                        from t, unnest(:ledgers::text[], :persons::text[], :amounts::bigint[]) as d(ledger, person_id, amount)
                        returning tx_id""")
                .bind("kind", kind)
                .bind("at", at)
                .bind("ledgers", ledgers)
                .bind("persons", persons)
                .bind("amounts", amounts);
        spec = reference == null ? spec.bindNull("reference", String.class) : spec.bind("reference", reference);
        // Read every returned row (one per posting): a cancelled result stream would leave buffers unreleased.
        return spec.map(row -> row.get("tx_id", Long.class)).all().last();
    }
}
