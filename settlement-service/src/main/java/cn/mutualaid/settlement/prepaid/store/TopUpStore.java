package cn.mutualaid.settlement.prepaid.store;

import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.prepaid.domain.FundEntry;
import cn.mutualaid.settlement.prepaid.domain.TopUp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Top-up requests, each with its journal entry once completed. (province, reference) is unique, and a request leaves
 * PENDING_APPROVAL only through the conditional update here.
 */
@Component
public record TopUpStore(DatabaseClient db) {
    public Mono<Void> insertPending(TopUp topUp, Instant now) {
        return db.sql("""
                        insert into top_up_request (top_up_id, province, reference, amount_fen, status, requested_by,
                                                    requested_at)
                        values (:id, :p, :r, :a, 'PENDING_APPROVAL', :by, :now)""")
                .bind("id", UUID.fromString(topUp.topUpId())).bind("p", topUp.province())
                .bind("r", topUp.reference()).bind("a", topUp.amountFen())
                .bind("by", topUp.requestedBy()).bind("now", now)
                .fetch().rowsUpdated().then();
    }

    /** Marks a pending top-up COMPLETED with its journal entry; {@code approvedBy} is null below the threshold. */
    public Mono<Void> complete(UUID topUpId, long journalId, String approvedBy, Instant approvedAt) {
        return db.sql("""
                        update top_up_request set status = 'COMPLETED', journal_id = :journal,
                               approved_by = :by, approved_at = :at
                         where top_up_id = :id and status = 'PENDING_APPROVAL'""")
                .bind("journal", journalId)
                .bind("by", Parameter.fromOrEmpty(approvedBy, String.class))
                .bind("at", Parameter.fromOrEmpty(approvedAt, Instant.class))
                .bind("id", topUpId)
                .fetch().rowsUpdated().then();
    }

    public Mono<String> province(UUID topUpId) {
        return db.sql("select province from top_up_request where top_up_id = :id")
                .bind("id", topUpId).map(row -> Rows.text(row, "province")).one();
    }

    public Mono<TopUp> byReference(String province, String reference) {
        return find("r.province = :p and r.reference = :r", Map.of("p", province, "r", reference)).singleOrEmpty();
    }

    /** The top-up with its row locked until commit. */
    public Mono<TopUp> lock(UUID topUpId) {
        return find("r.top_up_id = :id for update of r", Map.of("id", topUpId)).singleOrEmpty();
    }

    /** Top-ups in one status, newest first. */
    public Flux<TopUp> inStatus(String status, int page, int size) {
        return find("r.status = :status order by r.requested_at desc, r.top_up_id limit :limit offset :offset",
                Map.of("status", status, "limit", size, "offset", (long) page * size));
    }

    private Flux<TopUp> find(String where, Map<String, Object> params) {
        var spec = db.sql("""
                select r.top_up_id, r.province, r.reference, r.amount_fen, r.status, r.requested_by, r.approved_by,
                       j.id, j.kind, j.period, j.at
                  from top_up_request r left join prepaid_journal j on j.id = r.journal_id""" + " where " + where);
        for (var p : params.entrySet()) {
            spec = spec.bind(p.getKey(), p.getValue());
        }
        return spec.map(row -> {
            String province = Rows.text(row, "province");
            String reference = Rows.text(row, "reference");
            long amount = Rows.longOf(row, "amount_fen");
            FundEntry entry = row.get("id", Long.class) == null ? null
                    : new FundEntry(Rows.longOf(row, "id"), province, Rows.text(row, "kind"), amount,
                            reference, Rows.text(row, "period"), Rows.instant(row, "at"));
            return new TopUp(row.get("top_up_id", UUID.class).toString(), province, reference, amount,
                    Rows.text(row, "status"), Rows.text(row, "requested_by"), Rows.text(row, "approved_by"), entry);
        }).all();
    }
}
