package cn.mutualaid.wallet.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.kernel.Rejection;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContributionRuleTest {
    private static final ContributionStandards STANDARDS = new ContributionStandards(Map.of(
            PaymentCategory.RESIDENT_CONTRIBUTION, new ContributionStandards.Table(Map.of(2024, 38_000L, 2025, 40_000L),
                    Map.of("330100", Map.of(2025, 41_000L), "440000", Map.of(2025, 42_000L, 2026, 43_000L))),
            PaymentCategory.LTC_CONTRIBUTION, new ContributionStandards.Table(Map.of(2025, 5_000L), Map.of())));

    private static PaymentOrder order(PaymentCategory category, long fen, Integer year) {
        return new PaymentOrder("code", "patient", fen, category, year, true);
    }

    private static Optional<String> code(Optional<Rejection> refusal) {
        return refusal.map(Rejection::code);
    }

    @Test
    void aContributionNamesItsYearAndNothingElseDoes() {
        assertThat(code(ContributionRule.yearRefusal(PaymentCategory.RESIDENT_CONTRIBUTION, null)))
                .contains("CONTRIBUTION_YEAR_REQUIRED");
        assertThat(code(ContributionRule.yearRefusal(PaymentCategory.LTC_CONTRIBUTION, null)))
                .contains("CONTRIBUTION_YEAR_REQUIRED");
        assertThat(code(ContributionRule.yearRefusal(PaymentCategory.MEDICAL_INSTITUTION, 2025)))
                .contains("CONTRIBUTION_YEAR_NOT_APPLICABLE");
        assertThat(code(ContributionRule.yearRefusal(PaymentCategory.RETAIL_PHARMACY, 2025)))
                .contains("CONTRIBUTION_YEAR_NOT_APPLICABLE");
        assertThat(ContributionRule.yearRefusal(PaymentCategory.RESIDENT_CONTRIBUTION, 2025)).isEmpty();
        assertThat(ContributionRule.yearRefusal(PaymentCategory.MEDICAL_INSTITUTION, null)).isEmpty();
    }

    @Test
    void anAreaOwnFigureWinsOverItsProvinceWhichWinsOverTheNationalOne() {
        assertThat(STANDARDS.of(PaymentCategory.RESIDENT_CONTRIBUTION, 2025, "330100"))
                .contains(new ContributionStandards.Standard(41_000, ContributionStandards.Source.AREA));
        assertThat(STANDARDS.of(PaymentCategory.RESIDENT_CONTRIBUTION, 2025, "440300"))
                .contains(new ContributionStandards.Standard(42_000, ContributionStandards.Source.PROVINCE));
        // A year the province names but the nation does not.
        assertThat(STANDARDS.of(PaymentCategory.RESIDENT_CONTRIBUTION, 2026, "440100"))
                .contains(new ContributionStandards.Standard(43_000, ContributionStandards.Source.PROVINCE));
        // The area names only 2025: its 2024 is the national figure.
        assertThat(STANDARDS.of(PaymentCategory.RESIDENT_CONTRIBUTION, 2024, "330100"))
                .contains(new ContributionStandards.Standard(38_000, ContributionStandards.Source.NATIONAL));
        assertThat(STANDARDS.of(PaymentCategory.RESIDENT_CONTRIBUTION, 2026, "320500")).isEmpty();
        assertThat(STANDARDS.of(PaymentCategory.LTC_CONTRIBUTION, 2024, "320500")).isEmpty();
        assertThat(STANDARDS.of(PaymentCategory.MEDICAL_INSTITUTION, 2025, "320500")).isEmpty();
    }

    @Test
    void theAmountIsTheStandardNothingMoreOrLess() {
        var standard = STANDARDS.of(PaymentCategory.RESIDENT_CONTRIBUTION, 2025, "320500");
        assertThat(ContributionRule.amountRefusal(order(PaymentCategory.RESIDENT_CONTRIBUTION, 40_000, 2025),
                "320500", standard)).isEmpty();
        for (long fen : new long[] {39_999, 40_001, 20_000}) {
            Optional<Rejection> refusal = ContributionRule.amountRefusal(
                    order(PaymentCategory.RESIDENT_CONTRIBUTION, fen, 2025), "320500", standard);
            assertThat(code(refusal)).contains("CONTRIBUTION_AMOUNT_MISMATCH");
            assertThat(refusal.get().kind()).isEqualTo(Rejection.Kind.REFUSED);
            assertThat(refusal.get().detail()).contains("40000 fen");
        }
        assertThat(code(ContributionRule.amountRefusal(order(PaymentCategory.RESIDENT_CONTRIBUTION, 40_000, 2019),
                "320500", Optional.empty()))).contains("CONTRIBUTION_YEAR_UNKNOWN");
    }

    @Test
    void aTakenYearIsAConflict() {
        PaymentOrder order = order(PaymentCategory.LTC_CONTRIBUTION, 5_000, 2025);
        assertThat(ContributionRule.onceRefusal(order, false)).isEmpty();
        Rejection refusal = ContributionRule.onceRefusal(order, true).orElseThrow();
        assertThat(refusal.code()).isEqualTo("CONTRIBUTION_ALREADY_PAID");
        assertThat(refusal.kind()).isEqualTo(Rejection.Kind.CONFLICT);
    }
}
