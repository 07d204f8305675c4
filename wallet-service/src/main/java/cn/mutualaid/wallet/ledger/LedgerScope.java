package cn.mutualaid.wallet.ledger;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.AreaRange;
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
        return AreaRange.of(caller).map(range -> new LedgerScope(caller.area(), range.low(), range.high()))
                .orElseThrow(() -> Rejection.forbidden("LEDGER_SCOPE_FORBIDDEN",
                        "the ledger check is for the clearing centre, administrators and an area's own agency"));
    }
}
