package cn.mutualaid.wallet.ledger;

import cn.mutualaid.wallet.WalletProperties;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Re-checks, inside a money transaction, that each touched benefactor's frozen money equals what their quotas keep
 * frozen (granted - used - released; this query is where that rule is written, held money counting as frozen). Constraints guard every other invariant (no negative balance, frozen within
 * balance, quota parts within granted); this one spans tables, so code checks it. A violation rolls back.
 */
@Component
public class Invariants {
    private static final Logger log = LoggerFactory.getLogger(Invariants.class);
    private final DatabaseClient db;
    private final boolean enabled;

    public Invariants(DatabaseClient db, WalletProperties properties) {
        this.db = db;
        this.enabled = properties.assertInvariants();
    }

    public Mono<Void> frozenMatchesQuotas(Collection<String> personIds) {
        if (!enabled || personIds.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        select a.person_id from account a
                        where a.person_id = any(:ids::text[])
                          and a.frozen_fen <> coalesce((select sum(q.granted_fen - q.used_fen - q.released_fen)
                                                        from quota q where q.benefactor_id = a.person_id), 0)""")
                .bind("ids", personIds.toArray(String[]::new))
                .map(row -> row.get("person_id", String.class))
                .all().collectList()
                .flatMap(broken -> {
                    if (broken.isEmpty()) {
                        return Mono.empty();
                    }
                    log.error("ledger invariant broken (frozen != sum of quotas) for {} account(s); rolled back", broken.size());
                    return Mono.error(new IllegalStateException("frozen money does not match quotas"));
                });
    }
}
