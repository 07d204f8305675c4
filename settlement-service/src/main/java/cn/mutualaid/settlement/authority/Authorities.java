package cn.mutualaid.settlement.authority;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.settlement.authority.domain.Authority;

/** The caller of a request as settlement's authority rules see it. */
public final class Authorities {
    private Authorities() {
    }

    public static Authority of(Caller caller) {
        return new Authority(caller.has(Role.CLEARING), caller.has(Role.ADMIN), caller.has(Role.AGENCY), caller.area());
    }
}
