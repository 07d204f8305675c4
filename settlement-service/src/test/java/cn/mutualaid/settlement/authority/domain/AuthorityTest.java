package cn.mutualaid.settlement.authority.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.kernel.Province;
import cn.mutualaid.kernel.Rejection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorityTest {
    private static final Province ZHEJIANG = Province.of("330000");
    private static final Province FUJIAN = Province.of("350000");

    static Authority agency(String area) {
        return new Authority(false, false, true, area);
    }

    @Test
    void theNationalReadersSeeEveryProvince() {
        Authority clearing = new Authority(true, false, false, null);
        Authority admin = new Authority(false, true, false, null);
        for (Authority national : new Authority[] {clearing, admin}) {
            assertThat(national.mayReadPeriod()).isTrue();
            assertThat(national.mayReadStatistics(Optional.empty())).isTrue();
            assertThat(national.mayReadStatistics(Optional.of(FUJIAN))).isTrue();
            assertThat(national.mayConfirmStatement(ZHEJIANG)).isFalse();
        }
        assertThat(clearing.mayReadStatement(ZHEJIANG)).isTrue();
        assertThat(admin.mayReadStatement(ZHEJIANG)).isFalse();
    }

    @Test
    void aProvinceAgencyActsForItsOwnProvinceOnly() {
        Authority zhejiang = agency("330000");
        assertThat(zhejiang.agencyProvince()).contains(ZHEJIANG);
        assertThat(zhejiang.mayReadPeriod()).isTrue();
        assertThat(zhejiang.mayReadStatement(ZHEJIANG)).isTrue();
        assertThat(zhejiang.mayConfirmStatement(ZHEJIANG)).isTrue();
        assertThat(zhejiang.mayReadStatistics(Optional.of(ZHEJIANG))).isTrue();
        assertThat(zhejiang.mayReadStatement(FUJIAN)).isFalse();
        assertThat(zhejiang.mayConfirmStatement(FUJIAN)).isFalse();
        assertThat(zhejiang.mayReadStatistics(Optional.of(FUJIAN))).isFalse();
        assertThat(zhejiang.mayReadStatistics(Optional.empty())).as("national figures").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"330100", "330000 ", "3300", "", "000000", "abcdef"})
    void aCityAgencyOrAnOddAreaHoldsNoAuthorityHere(String area) {
        Authority city = agency(area);
        assertThat(city.agencyProvince()).isEmpty();
        assertThat(city.mayReadPeriod()).isFalse();
        assertThat(city.mayReadStatement(ZHEJIANG)).isFalse();
        assertThat(city.mayConfirmStatement(ZHEJIANG)).isFalse();
        assertThat(city.mayReadStatistics(Optional.of(ZHEJIANG))).isFalse();
        assertThat(agency(null).mayReadPeriod()).isFalse();
    }

    @Test
    void aProvinceAreaWithoutTheAgencyRoleIsNothing() {
        assertThat(new Authority(false, false, false, "330000").mayReadStatement(ZHEJIANG)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"32000", "33000x", "320500", "000000", "0320000", ""})
    void aProvinceCodeIsXx0000OrA400(String code) {
        assertThatThrownBy(() -> ProvinceCodes.parse(code)).isInstanceOfSatisfying(Rejection.class, e -> {
            assertThat(e.kind()).isEqualTo(Rejection.Kind.MALFORMED);
            assertThat(e.code()).isEqualTo("INVALID_PROVINCE");
        });
        assertThat(ProvinceCodes.parse("320000")).isEqualTo(Province.of("320000"));
    }
}
