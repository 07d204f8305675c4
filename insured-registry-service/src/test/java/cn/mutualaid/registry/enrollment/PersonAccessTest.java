package cn.mutualaid.registry.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonAccessTest {
    private static Caller agency(String area) {
        return new Caller("agency", Set.of(Role.AGENCY), area);
    }

    @Test
    void thePersonThemselvesOnly() {
        Caller me = new Caller("p-1", Set.of(Role.INSURED), null);
        assertThat(PersonAccess.canRead(me, "p-1", "320500")).isTrue();
        assertThat(PersonAccess.canRead(me, "p-2", "320500")).isFalse();
        assertThat(PersonAccess.canRead(me, "p-2", null)).isFalse();
    }

    @Test
    void agenciesOfTheCurrentAreaOrItsProvince() {
        assertThat(PersonAccess.canRead(agency("320500"), "p", "320500")).isTrue();
        assertThat(PersonAccess.canRead(agency("320000"), "p", "320500")).isTrue();
        assertThat(PersonAccess.canRead(agency("320100"), "p", "320500")).isFalse();
        assertThat(PersonAccess.canRead(agency("510000"), "p", "320500")).isFalse();
    }

    @Test
    void anyAgencyWhileThePersonHasNoCurrentEnrollment() {
        assertThat(PersonAccess.canRead(agency("510100"), "p", null)).isTrue();
        assertThat(PersonAccess.canRead(new Caller("prov", Set.of(Role.PROVIDER), null), "p", null)).isFalse();
    }
}
