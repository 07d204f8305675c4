package cn.mutualaid.wallet.payment;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.wallet.code.PaymentCodes;
import cn.mutualaid.wallet.payment.domain.Allocation;
import cn.mutualaid.wallet.payment.domain.CategoryRule;
import cn.mutualaid.wallet.payment.domain.ContributionRule;
import cn.mutualaid.wallet.payment.domain.ContributionStandards;
import cn.mutualaid.wallet.payment.domain.PaymentEvaluation;
import cn.mutualaid.wallet.payment.domain.PaymentOrder;
import cn.mutualaid.wallet.payment.store.ContributionStore;
import cn.mutualaid.wallet.payment.store.PaymentCall;
import cn.mutualaid.wallet.payment.store.PaymentStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The rules of a payment, in the order they are checked, for both the payment and its explanation, so the two cannot
 * disagree: the provider is designated, the category is one it may take for this patient, a contribution names its
 * year, the patient's code, a contribution's standard and that its year is not taken yet, then the quotas (oldest grant
 * first). Each rule is decided in {@code payment.domain}; this only fetches the facts, in the same statements for
 * both. The two differ in exactly two places: a payment uses the code and locks the quotas; an explanation reads them.
 * A refusal of a payment is the rejection recorded here; the payment has done nothing that is not rolled back.
 *
 * <p>With {@code mesh.wallet.payment-write=function} the facts come from one statement instead
 * ({@link #evaluate(String, PaymentOrder, Instant, PaymentCall.Facts)}, for the payment and its explanation alike): the
 * same rules, in the same order, judge them; the payment's one database call ({@code wallet_pay}) then uses the code
 * and takes the quotas only if what was judged still holds, else the payment is judged again on fresh facts. The
 * database decides no rule of its own.
 */
@Component
public class PaymentEvaluator {
    /** A payment uses the code and locks the quotas it draws on; an explanation changes and locks nothing. */
    public enum Mode {
        PAY, EXPLAIN
    }

    /** Where the rules get their facts: statement by statement (PAY, EXPLAIN) or all read at once. */
    private record Source(Supplier<Mono<Optional<PaymentStore.Counter>>> counter, Supplier<Mono<Void>> code,
            IntFunction<Mono<Boolean>> contributionTaken, Supplier<Mono<List<Allocation.Source>>> quotas,
            boolean usesCode) {
    }

    private final PaymentStore store;
    private final ContributionStore contributions;
    private final PaymentCodes codes;
    private final ContributionStandards standards;

    public PaymentEvaluator(PaymentStore store, ContributionStore contributions, PaymentCodes codes,
            ContributionProperties contributionProperties) {
        this.store = store;
        this.contributions = contributions;
        this.codes = codes;
        this.standards = contributionProperties.standards();
    }

    public Mono<PaymentEvaluation> evaluate(String providerId, PaymentOrder order, Instant now, Mode mode) {
        boolean pay = mode == Mode.PAY;
        return evaluate(providerId, order, new Source(
                () -> store.counter(providerId, order.patientId()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                () -> pay ? codes.use(order.paymentCode(), order.patientId(), now)
                        : codes.check(order.paymentCode(), order.patientId(), now),
                year -> contributions.taken(order.patientId(), order.category(), year),
                () -> pay ? store.lockSpendableQuotas(order.patientId()) : store.readSpendableQuotas(order.patientId()),
                pay));
    }

    /** The same rules on facts read in one statement ({@link PaymentCall#facts}); nothing is used or locked here. */
    public Mono<PaymentEvaluation> evaluate(String providerId, PaymentOrder order, Instant now, PaymentCall.Facts facts) {
        return evaluate(providerId, order, new Source(
                () -> Mono.just(facts.counter()),
                () -> codes.judge(order.paymentCode(), order.patientId(), now, facts.code())
                        .<Mono<Void>>map(Mono::error).orElseGet(Mono::empty),
                year -> Mono.just(facts.contributionTaken()),
                () -> Mono.just(facts.quotas()),
                false));
    }

    private Mono<PaymentEvaluation> evaluate(String providerId, PaymentOrder order, Source source) {
        PaymentEvaluation.Trail trail = new PaymentEvaluation.Trail();
        return source.counter().get()
                .map(counter -> spendArea(trail, providerId, order, counter))
                .flatMap(spendArea -> code(trail, source)
                        .then(Mono.defer(() -> contribution(trail, order, spendArea, source)))
                        .then(Mono.defer(() -> quotas(trail, order, source)))
                        .map(parts -> trail.allowed(spendArea, parts)))
                .onErrorResume(Rejection.class, refusal -> Mono.just(trail.refused(refusal)));
    }

    /** The provider, the category and (for a contribution) that the year is named: checks on the request alone. */
    private static String spendArea(PaymentEvaluation.Trail trail, String providerId, PaymentOrder order,
            Optional<PaymentStore.Counter> found) {
        PaymentStore.Counter counter = found.orElseThrow(() -> trail.fail("PROVIDER_DESIGNATED",
                Rejection.refused("PROVIDER_NOT_DESIGNATED",
                        "the caller is not a designated medical institution or retail pharmacy"),
                "providerId", providerId));
        trail.pass("PROVIDER_DESIGNATED", "providerId", providerId, "providerType", counter.providerType().name(),
                "poolingArea", counter.providerArea());
        String spendArea;
        try {
            spendArea = CategoryRule.spendArea(counter.providerType(), counter.providerArea(), order.category(),
                    counter.patient());
        } catch (Rejection refusal) {
            throw trail.fail("CATEGORY_ALLOWED", refusal, "category", order.category().name(),
                    "providerType", counter.providerType().name());
        }
        trail.pass("CATEGORY_ALLOWED", "category", order.category().name(),
                "providerType", counter.providerType().name());
        trail.check("CONTRIBUTION_YEAR", ContributionRule.yearRefusal(order.category(), order.contributionYear()),
                "category", order.category().name(), "contributionYear", order.contributionYear());
        return spendArea;
    }

    private Mono<Void> code(PaymentEvaluation.Trail trail, Source source) {
        return source.code().get()
                .doOnSuccess(done -> trail.pass("PAYMENT_CODE", "usedNow", source.usesCode()))
                .onErrorMap(Rejection.class, refusal -> trail.fail("PAYMENT_CODE", refusal, "usedNow", false));
    }

    /**
     * A contribution's standard in the patient's insured pooling area (its spend area), then that its person-year is
     * not taken; both only after the patient's code, since they show facts about the patient.
     */
    private Mono<Void> contribution(PaymentEvaluation.Trail trail, PaymentOrder order, String spendArea,
            Source source) {
        if (!ContributionRule.isContribution(order.category())) {
            return Mono.empty();
        }
        int year = order.contributionYear();
        Optional<ContributionStandards.Standard> standard = standards.of(order.category(), year, spendArea);
        trail.check("CONTRIBUTION_STANDARD", ContributionRule.amountRefusal(order, spendArea, standard),
                "contributionYear", year, "poolingArea", spendArea,
                "standardFen", standard.map(ContributionStandards.Standard::amountFen).orElse(null),
                "source", standard.map(s -> s.source().name()).orElse(null), "amountFen", order.amountFen());
        return source.contributionTaken().apply(year)
                .doOnNext(taken -> trail.check("CONTRIBUTION_ONCE", ContributionRule.onceRefusal(order, taken),
                        "category", order.category().name(), "contributionYear", year, "alreadyPaid", taken))
                .then();
    }

    private Mono<List<Allocation.Part>> quotas(PaymentEvaluation.Trail trail, PaymentOrder order, Source source) {
        return source.quotas().get()
                .map(sources -> {
                    long spendable = sources.stream().mapToLong(Allocation.Source::remainingFen).sum();
                    try {
                        List<Allocation.Part> parts = Allocation.allocate(order.amountFen(), sources);
                        trail.pass("QUOTA_SUFFICIENT", "amountFen", order.amountFen(), "spendableFen", spendable,
                                "quotas", sources.size());
                        return parts;
                    } catch (Rejection refusal) {
                        throw trail.fail("QUOTA_SUFFICIENT", refusal, "amountFen", order.amountFen(),
                                "spendableFen", spendable, "quotas", sources.size());
                    }
                });
    }
}
