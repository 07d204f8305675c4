package cn.mutualaid.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AreaCodesTest {

    @Test
    void aPoolingAreaKnowsItsProvince() {
        assertThat(PoolingArea.of("320500").province()).isEqualTo(Province.of("320000"));
        assertThat(PoolingArea.of("320500").sameProvinceAs(PoolingArea.of("320100"))).isTrue();
        assertThat(PoolingArea.of("320500").sameProvinceAs(PoolingArea.of("410100"))).isFalse();
    }

    @Test
    void aProvinceContainsOnlyItsOwnAreas() {
        assertThat(Province.of("320000").contains(PoolingArea.of("320500"))).isTrue();
        assertThat(Province.of("320000").contains(PoolingArea.of("320000"))).isTrue();
        assertThat(Province.of("320000").contains(PoolingArea.of("410100"))).isFalse();
        assertThat(Province.of("320000").contains(PoolingArea.of("321000"))).isTrue();
    }

    @Test
    void shapesAreChecked() {
        for (String bad : new String[] {null, "", "32050", "3205000", "032050", "32O500", "３２０５００", "320500\u0000"}) {
            assertThat(PoolingArea.isCode(bad)).as(String.valueOf(bad)).isFalse();
            assertThatThrownBy(() -> PoolingArea.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Province.isCode("320500")).isFalse();
        assertThatThrownBy(() -> Province.of("320500")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Province.isCode("660000")).as("the Xinjiang Production and Construction Corps").isTrue();
    }

    @Test
    void aRejectionCarriesItsKindCodeAndProperties() {
        Rejection r = new Rejection(Rejection.Kind.CONFLICT, "PERSON_EXISTS", "already registered",
                java.util.Map.of("personId", "p1"));
        assertThat(r.kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(r.code()).isEqualTo("PERSON_EXISTS");
        assertThat(r.detail()).isEqualTo("already registered");
        assertThat(r.properties()).containsEntry("personId", "p1");
        assertThat(r.getStackTrace()).isEmpty();
    }
}
