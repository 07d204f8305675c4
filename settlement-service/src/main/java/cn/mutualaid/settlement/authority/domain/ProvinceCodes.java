package cn.mutualaid.settlement.authority.domain;

import cn.mutualaid.kernel.Province;
import cn.mutualaid.kernel.Rejection;

/** Province codes as settlement receives them in paths and queries. */
public final class ProvinceCodes {
    private ProvinceCodes() {
    }

    /** The province a path or query names, or 400 INVALID_PROVINCE when the text is not a province code (xx0000). */
    public static Province parse(String code) {
        if (!Province.isCode(code)) {
            throw Rejection.malformed("INVALID_PROVINCE", "province must be a province-level code like 320000");
        }
        return Province.of(code);
    }
}
