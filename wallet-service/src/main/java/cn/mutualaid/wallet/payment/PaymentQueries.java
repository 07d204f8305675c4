package cn.mutualaid.wallet.payment;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.AreaRange;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.platform.web.Page;
import cn.mutualaid.wallet.payment.store.PaymentListing;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reading payments: one payment for those who may see it, and the "my payments" list of each kind of caller. */
@Service
public record PaymentQueries(PaymentStore store, PaymentListing listing) {
    /**
     * Newest first: a PROVIDER's own payments; an INSURED caller's as the patient; an AGENCY's, those of the patients
     * insured in its area (a province agency: in its province). Nobody else has a list (403).
     */
    public Mono<List<PaymentView>> list(Caller caller, Page page) {
        int size = page.size();
        long offset = page.offset();
        if (caller.has(Role.PROVIDER)) {
            return listing.ofProvider(caller.subject(), size, offset);
        }
        if (caller.has(Role.INSURED)) {
            return listing.ofPatient(caller.subject(), size, offset);
        }
        return AreaRange.of(caller)
                .map(range -> listing.ofPatientsInAreas(range.low(), range.high(), size, offset))
                .orElseGet(() -> Mono.error(Rejection.forbidden()));
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
