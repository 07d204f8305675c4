package cn.mutualaid.registry.region.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The versioned region file: complete where it must be, well-formed everywhere. */
class RegionsFileTest {
    private final List<Region> regions = RegionsFile.readCurrent();

    @Test
    void has31ProvincesAndTheXpcc() {
        List<Region> provinces = regions.stream().filter(Region::isProvince).toList();
        assertThat(provinces).hasSize(32);
        assertThat(provinces).extracting(Region::code).contains("110000", "320000", "540000", "650000", "660000");
        assertThat(provinces).filteredOn(r -> r.code().equals("660000")).extracting(Region::name)
                .containsExactly("新疆生产建设兵团");
    }

    @Test
    void codesAreWellFormedAndUnique() {
        assertThat(regions).allSatisfy(r -> {
            assertThat(r.code()).matches("[1-9][0-9]{5}");
            assertThat(r.province()).matches("[1-9][0-9]0000");
            assertThat(r.code()).startsWith(r.province().substring(0, 2));
            assertThat(r.name()).isNotBlank();
        });
        assertThat(regions.stream().map(Region::code).collect(Collectors.toSet())).hasSize(regions.size());
    }

    @Test
    void everyPrefecturesProvinceIsListed() {
        Set<String> provinces = regions.stream().filter(Region::isProvince).map(Region::code).collect(Collectors.toSet());
        assertThat(regions).filteredOn(r -> !r.isProvince())
                .allSatisfy(r -> assertThat(provinces).contains(r.province()));
    }

    @Test
    void everyProvinceHasAtLeastItsCapitalAsPoolingArea() {
        Map<String, Long> areas = regions.stream().filter(r -> !r.isProvince())
                .collect(Collectors.groupingBy(Region::province, Collectors.counting()));
        assertThat(regions).filteredOn(Region::isProvince)
                .allSatisfy(p -> assertThat(areas.getOrDefault(p.code(), 0L)).as(p.name()).isPositive());
        // municipalities pool at xx0100
        assertThat(regions).extracting(Region::code).contains("110100", "120100", "310100", "500100", "660100");
    }

    @Test
    void theSeedProvincesAreComplete() {
        Map<String, Long> areas = regions.stream().filter(r -> !r.isProvince() && !r.code().startsWith("4190"))
                .collect(Collectors.groupingBy(Region::province, Collectors.counting()));
        assertThat(areas).containsEntry("320000", 13L) // Jiangsu
                .containsEntry("130000", 11L) // Hebei
                .containsEntry("410000", 17L) // Henan (plus Jiyuan 419001, directly administered)
                .containsEntry("510000", 21L) // Sichuan
                .containsEntry("350000", 9L) // Fujian
                .containsEntry("370000", 16L); // Shandong
        assertThat(regions).extracting(Region::code).contains("320500", "410100", "510100", "371700", "513400");
    }

    @Test
    void namesAreChineseInUtf8() {
        assertThat(regions).filteredOn(r -> r.code().equals("320500")).extracting(Region::name).containsExactly("苏州市");
    }

    @Test
    void aBrokenFileIsRefused() {
        assertThatThrownBy(() -> RegionsFile.parse(List.of("code,name")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RegionsFile.parse(List.of("code,name,level,province", "320500,苏州市,PREFECTURE,320000")))
                .hasMessageContaining("not listed above");
        assertThatThrownBy(() -> RegionsFile.parse(List.of("code,name,level,province", "32000,江苏,PROVINCE,32000")))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> RegionsFile.parse(List.of("code,name,level,province",
                "320000,江苏省,PROVINCE,320000", "320000,江苏省,PROVINCE,320000")))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> RegionsFile.parse(List.of("code,name,level,province",
                "320000,江苏省,PROVINCE,320000", "410100,郑州市,PREFECTURE,320000")))
                .hasMessageContaining("not inside");
    }
}
