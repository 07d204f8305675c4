package cn.mutualaid.wallet.ledger;

import cn.mutualaid.kernel.PoolingArea;
import cn.mutualaid.kernel.Province;
import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;

/**
 * Which accounts a ledger check covers: all of them (national) or those whose pooling area lies in
 * {@code [lowArea, highArea]} (one pooling area, or every area of a province: xx0000 to xx9999).
 */
public record LedgerScope(String name, String lowArea, String highArea) {
    public static final LedgerScope NATIONAL = new LedgerScope("NATIONAL", null, null);

    public boolean national() {
        return lowArea == null;
    }

    /**
     * CLEARING and ADMIN check the nation; an agency its own area's accounts (a province agency: its province's);
     * anyone else is refused.
     */
    public static LedgerScope of(Caller caller) {
        if (caller.has(Role.CLEARING) || caller.has(Role.ADMIN)) {
            return NATIONAL;
        }
        String area = caller.area();
        if (caller.has(Role.AGENCY) && PoolingArea.isCode(area)) {
            return Province.isCode(area) ? new LedgerScope(area, area, area.substring(0, 2) + "9999")
                    : new LedgerScope(area, area, area);
        }
        throw Rejection.forbidden("LEDGER_SCOPE_FORBIDDEN",
                "the ledger check is for the clearing centre, administrators and an area's own agency");
    }
}
