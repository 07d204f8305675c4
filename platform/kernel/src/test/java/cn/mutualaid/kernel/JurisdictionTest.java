package cn.mutualaid.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JurisdictionTest {
    private final Jurisdiction suzhou = Jurisdiction.of("320500").orElseThrow();
    private final Jurisdiction jiangsu = Jurisdiction.of("320000").orElseThrow();

    @Test
    void anAreaOfficeCoversItsOwnAreaOnly() {
        assertThat(suzhou.covers("320500")).isTrue();
        assertThat(suzhou.covers("320100")).isFalse();
        assertThat(suzhou.covers("320000")).isFalse();
        assertThat(suzhou.lowest()).isEqualTo("320500");
        assertThat(suzhou.highest()).isEqualTo("320500");
    }

    @Test
    void aProvinceOfficeCoversEveryAreaOfItsProvinceAndNoOther() {
        assertThat(jiangsu.covers("320100")).isTrue();
        assertThat(jiangsu.covers("320500")).isTrue();
        assertThat(jiangsu.covers("410100")).isFalse();
        assertThat(jiangsu.lowest()).isEqualTo("320000");
        assertThat(jiangsu.highest()).isEqualTo("329999");
    }

    @Test
    void malformedCodesCoverNothing() {
        assertThat(Jurisdiction.of(null)).isEmpty();
        assertThat(Jurisdiction.of("3205")).isEmpty();
        assertThat(Jurisdiction.of("32050x")).isEmpty();
        assertThat(suzhou.covers((String) null)).isFalse();
        assertThat(jiangsu.covers("32010")).isFalse();
    }
}
