package cn.mutualaid.wallet.activation;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.wallet.activation.domain.Activated;
import cn.mutualaid.wallet.activation.domain.WalletState;
import cn.mutualaid.wallet.activation.store.ActivationStore;
import cn.mutualaid.wallet.support.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Activates wallets (医保钱包): the owner in the app, or an agency of the person's area at a counter. The rule that an
 * inactive wallet neither gives quotas nor gets payment codes is {@link Activated#refusal}, applied by quota and code.
 */
@Service
public record Activations(ActivationStore store, Transactions tx, Audit audit, Clock clock) {
    /** Activates once; a repeat changes nothing (no audit entry) and answers the first activation's instant. */
    public Mono<Activated> activate(Caller caller, String personId) {
        Instant now = clock.instant();
        return tx.run(() -> visibleTo(caller, personId)
                .flatMap(wallet -> store.activate(personId, caller.subject(), now)
                        .flatMap(at -> audit.record(caller, "wallet.activate", "wallet", personId, wallet.poolingArea(),
                                Map.of("activatedAt", at.toString())).thenReturn(at))
                        .switchIfEmpty(store.activatedAt(personId)))
                .map(at -> new Activated(personId, at)));
    }

    public Mono<WalletState> state(Caller caller, String personId) {
        return visibleTo(caller, personId).map(wallet -> WalletState.of(personId, wallet.activatedAt().orElse(null)));
    }

    /** The wallet if the caller is its owner or an agency administering its area; otherwise not found. */
    private Mono<ActivationStore.Known> visibleTo(Caller caller, String personId) {
        return store.find(personId)
                .filter(wallet -> caller.isPerson(personId) || caller.administers(wallet.poolingArea()))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("wallet")));
    }
}
