package cn.mutualaid.wallet.payment;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reading payments: one payment for those who may see it. */
@Service
public class PaymentQueries {
    private final PaymentStore store;

    public PaymentQueries(PaymentStore store) {
        this.store = store;
    }

    /** The payment, for its provider, its patient, or an agency administering its spend or fund area; else 404. */
    public Mono<PaymentView> visibleTo(Caller caller, String paymentId) {
        return Mono.fromSupplier(() -> PaymentIds.parse(paymentId)).flatMap(this::load)
                .filter(p -> (caller.has(Role.PROVIDER) && caller.subject().equals(p.providerId()))
                        || caller.isPerson(p.patientId())
                        || p.lines().stream().anyMatch(l -> caller.administers(l.spendPoolingArea())
                                || caller.administers(l.fundPoolingArea())))
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("payment")));
    }

    Mono<PaymentView> load(UUID paymentId) {
        return store.find(paymentId).flatMap(header -> store.lines(paymentId)
                .flatMap(lines -> store.refunds(paymentId).map(refunds -> header.view(lines, refunds))));
    }
}
