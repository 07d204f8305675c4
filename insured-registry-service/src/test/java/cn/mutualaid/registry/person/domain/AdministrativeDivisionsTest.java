package cn.mutualaid.registry.person.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.registry.person.domain.AdministrativeDivisions.Division;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The county-level codes of every GB/T 2260 edition since 1980: abolished ones kept, never-assigned ones absent. */
class AdministrativeDivisionsTest {
    private final AdministrativeDivisions gb2260 = AdministrativeDivisions.gb2260();

    @ParameterizedTest(name = "{0} {1}: {2}-{3}")
    @CsvSource({
        // current districts and counties
        "110105, 朝阳区, 1980, current",
        "320505, 虎丘区, 2000, current",
        // Beijing's Chongwen and Xuanwu, merged into Dongcheng and Xicheng in 2010
        "110103, 崇文区, 1980, 2009",
        "110104, 宣武区, 1980, 2009",
        // a county of the 1980 edition only, renumbered in 1981
        "432221, 岳阳县, 1980, 1980",
        // a prefecture-level city without counties: its own code is the county-level one
        "441900, 东莞市, 1988, current",
        // a Xinjiang city administered by the XPCC: its residents hold numbers with this code
        "659001, 石河子市, 1985, current",
        // the city districts taken together (市辖区), listed by the statistics editions 2002-2016
        "410101, 市辖区, 2002, 2016",
    })
    void countyLevelCodesOfEveryEditionAreKnown(String code, String name, int first, String last) {
        assertThat(gb2260.isCountyLevel(code)).isTrue();
        Division division = gb2260.find(code).orElseThrow();
        assertThat(division.name()).isEqualTo(name);
        assertThat(division.firstYear()).isEqualTo(first);
        assertThat(division.current()).isEqualTo(last.equals("current"));
        assertThat(division.lastYear()).isEqualTo(last.equals("current") ? Optional.empty()
                : Optional.of(Integer.parseInt(last)));
    }

    @ParameterizedTest(name = "{0} is no county-level code")
    @ValueSource(strings = {
        // never assigned under Beijing or Suzhou
        "110199", "320599", "110120",
        // province and prefecture codes are not county level (Beijing, its districts, Suzhou, Hubei's
        // directly administered counties taken together)
        "110000", "110100", "320500", "429000",
        // the residence permits' codes are province-level: a permit is told by its exact code, not by this list
        "810000", "820000", "830000", "710000",
        // not codes at all
        "000000", "990101", "",
    })
    void otherCodesAreNot(String code) {
        assertThat(gb2260.isCountyLevel(code)).isFalse();
        assertThat(gb2260.find(code)).isEmpty();
    }

    @Test
    void theListHoldsEveryCountyLevelCodeSince1980AndNoMore() {
        // about 2,850 county-level areas today, and as many abolished or renumbered since 1980
        assertThat(gb2260.size()).isBetween(6_000, 7_500);
        assertThat(AdministrativeDivisions.gb2260()).isSameAs(gb2260);
    }

    @Test
    void theListIsParsedAfterItsSourceComments() {
        AdministrativeDivisions list = AdministrativeDivisions.parse(List.of("# source: a test", "code,name,first,last",
                "110103,崇文区,1980,2009", "", "110105,朝阳区,1980,current"));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.find("110105")).hasValue(new Division("110105", "朝阳区", 1980, Optional.empty()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "110105,朝阳区,1980,current                      | header",
        "code,name,first,last;110105,朝阳区,1980           | expected 4 columns",
        "code,name,first,last;110000,北京市,1980,current    | not a county-level code",
        "code,name,first,last;11010X,朝阳区,1980,current    | not a county-level code",
        "code,name,first,last;110105, ,1980,current        | name is blank",
        "code,name,first,last;110105,朝阳区,80,current      | expected a year",
        "code,name,first,last;110103,崇文区,2009,1980       | last edition before the first",
        "code,name,first,last;110105,朝阳区,1980,current;110105,朝阳区,1980,current | listed twice",
    })
    void aBrokenListIsRefusedWhole(String lines, String reason) {
        assertThatThrownBy(() -> AdministrativeDivisions.parse(List.of(lines.split(";"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(reason);
    }
}
