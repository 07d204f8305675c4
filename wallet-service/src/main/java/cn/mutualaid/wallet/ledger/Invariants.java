package cn.mutualaid.wallet.ledger;

import cn.mutualaid.wallet.WalletProperties;
import cn.mutualaid.wallet.ledger.store.LedgerCheck;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Re-checks, inside a money transaction, that each touched benefactor's frozen money equals what their quotas keep
 * frozen ({@link LedgerCheck#frozenOffQuotas} writes that rule). Constraints guard every other invariant (no negative
 * balance, frozen within balance, quota parts within granted); this one spans tables, so code checks it. A violation
 * rolls back.
 */
@Component
public class Invariants {
    private static final Logger log = LoggerFactory.getLogger(Invariants.class);
    private final LedgerCheck check;
    private final boolean enabled;

    public Invariants(LedgerCheck check, WalletProperties properties) {
        this.check = check;
        this.enabled = properties.assertInvariants();
    }

    public Mono<Void> frozenMatchesQuotas(Collection<String> personIds) {
        if (!enabled || personIds.isEmpty()) {
            return Mono.empty();
        }
        return check.frozenOffQuotas(personIds).collectList()
                .flatMap(broken -> {
                    if (broken.isEmpty()) {
                        return Mono.empty();
                    }
                    log.error("ledger invariant broken (frozen != sum of quotas) for {} account(s); rolled back", broken.size());
                    return Mono.error(new IllegalStateException("frozen money does not match quotas"));
                });
    }
}
