package cn.mutualaid.wallet.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.kernel.Rejection;
import org.junit.jupiter.api.Test;

class CategoryRuleTest {
    private static final CategoryRule.Insurance RESIDENT = new CategoryRule.Insurance(Scheme.RESIDENT, "410100", true);
    private static final CategoryRule.Insurance EMPLOYEE = new CategoryRule.Insurance(Scheme.EMPLOYEE, "410100", true);
    private static final CategoryRule.Insurance ENDED = new CategoryRule.Insurance(Scheme.RESIDENT, "410100", false);

    private static void refused(ProviderType type, PaymentCategory category, CategoryRule.Insurance patient) {
        assertThatThrownBy(() -> CategoryRule.spendArea(type, "320500", category, patient))
                .satisfies(e -> assertThat(((Rejection) e).code()).isEqualTo("CATEGORY_NOT_ALLOWED"));
    }

    @Test
    void treatmentAndDrugsAreSpentWhereTheProviderIs() {
        assertThat(CategoryRule.spendArea(ProviderType.MEDICAL_INSTITUTION, "320500", PaymentCategory.MEDICAL_INSTITUTION, null))
                .isEqualTo("320500");
        assertThat(CategoryRule.spendArea(ProviderType.RETAIL_PHARMACY, "320500", PaymentCategory.RETAIL_PHARMACY, EMPLOYEE))
                .isEqualTo("320500");
    }

    @Test
    void eachProviderTypeTakesOnlyItsOwnCategory() {
        refused(ProviderType.RETAIL_PHARMACY, PaymentCategory.MEDICAL_INSTITUTION, EMPLOYEE);
        refused(ProviderType.RETAIL_PHARMACY, PaymentCategory.RESIDENT_CONTRIBUTION, RESIDENT);
        refused(ProviderType.MEDICAL_INSTITUTION, PaymentCategory.RETAIL_PHARMACY, EMPLOYEE);
    }

    @Test
    void contributionsCountInThePatientsOwnInsuredArea() {
        assertThat(CategoryRule.spendArea(ProviderType.MEDICAL_INSTITUTION, "320500", PaymentCategory.RESIDENT_CONTRIBUTION, RESIDENT))
                .isEqualTo("410100");
        assertThat(CategoryRule.spendArea(ProviderType.MEDICAL_INSTITUTION, "320500", PaymentCategory.LTC_CONTRIBUTION, EMPLOYEE))
                .isEqualTo("410100");
    }

    @Test
    void residentContributionNeedsAnActiveResidentPatient() {
        refused(ProviderType.MEDICAL_INSTITUTION, PaymentCategory.RESIDENT_CONTRIBUTION, EMPLOYEE);
        refused(ProviderType.MEDICAL_INSTITUTION, PaymentCategory.RESIDENT_CONTRIBUTION, ENDED);
        refused(ProviderType.MEDICAL_INSTITUTION, PaymentCategory.RESIDENT_CONTRIBUTION, null);
        refused(ProviderType.MEDICAL_INSTITUTION, PaymentCategory.LTC_CONTRIBUTION, ENDED);
    }
}
