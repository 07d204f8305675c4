package cn.mutualaid.wallet.activation.store;

import java.time.Instant;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The SQL of wallet activation; runs inside the caller's transaction. */
@Component
public record ActivationStore(DatabaseClient db) {
    /**
     * The wallet of a person the wallet service knows: its area (the account's, else the insured area of a person
     * without an account) and when it was activated (empty if not yet).
     */
    public record Known(String poolingArea, Optional<Instant> activatedAt) {
    }

    /** Empty when the wallet service knows neither an account nor an insured person of that id. */
    public Mono<Known> find(String personId) {
        return db.sql("""
                        select coalesce(a.pooling_area, p.pooling_area) as area, w.activated_at
                        from (select cast(:p as text) as person_id) target
                        left join account a on a.person_id = target.person_id
                        left join person p on p.person_id = target.person_id
                        left join wallet_activation w on w.person_id = target.person_id
                        where a.person_id is not null or p.person_id is not null""")
                .bind("p", personId)
                .map(row -> new Known(row.get("area", String.class),
                        Optional.ofNullable(row.get("activated_at", Instant.class))))
                .one();
    }

    /** @return the activation instant if this call activated the wallet; empty if it was already active */
    public Mono<Instant> activate(String personId, String activatedBy, Instant now) {
        return db.sql("""
                        insert into wallet_activation (person_id, activated_at, activated_by) values (:p, :now, :by)
                        on conflict (person_id) do nothing
                        returning activated_at""")
                .bind("p", personId).bind("now", now).bind("by", activatedBy)
                .map(row -> row.get("activated_at", Instant.class))
                .one();
    }

    public Mono<Instant> activatedAt(String personId) {
        return db.sql("select activated_at from wallet_activation where person_id = :p")
                .bind("p", personId)
                .map(row -> row.get("activated_at", Instant.class))
                .one();
    }
}
