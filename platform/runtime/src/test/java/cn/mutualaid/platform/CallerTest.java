package cn.mutualaid.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
    @Test
    void anAgencyAdministersItsAreaAndAProvinceAgencyAllItsAreas() {
        Caller suzhou = new Caller("a", Set.of(Role.AGENCY), "320500");
        Caller jiangsu = new Caller("a", Set.of(Role.AGENCY), "320000");
        assertThat(suzhou.administers("320500")).isTrue();
        assertThat(suzhou.administers("320100")).isFalse();
        assertThat(jiangsu.administers("320100")).isTrue();
        assertThat(jiangsu.administers("410100")).isFalse();
        assertThat(new Caller("a", Set.of(Role.INSURED), "320500").administers("320500")).isFalse();
        assertThat(suzhou.administers(null)).isFalse();
    }

    @Test
    void anInsuredPersonIsOnlyThemselves() {
        Caller me = new Caller("p-1", Set.of(Role.INSURED), null);
        assertThat(me.isPerson("p-1")).isTrue();
        assertThat(me.isPerson("p-2")).isFalse();
        assertThat(new Caller("p-1", Set.of(Role.PROVIDER), null).isPerson("p-1")).isFalse();
    }
}
