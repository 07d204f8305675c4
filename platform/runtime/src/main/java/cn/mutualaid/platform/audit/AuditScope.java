package cn.mutualaid.platform.audit;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.platform.security.AreaRange;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;

/**
 * Whose entries a caller may read: ADMIN all of them; an AGENCY those whose target area lies in
 * {@code [lowArea, highArea]} (its pooling area, or every area of its province, the province's own code included).
 * Entries without a target area (national targets) are for ADMIN only. Anyone else is refused.
 */
record AuditScope(String lowArea, String highArea) {
    static final AuditScope ALL = new AuditScope(null, null);

    boolean all() {
        return lowArea == null;
    }

    static AuditScope of(Caller caller) {
        if (caller.has(Role.ADMIN)) {
            return ALL;
        }
        return AreaRange.of(caller).map(range -> new AuditScope(range.low(), range.high()))
                .orElseThrow(() -> Rejection.forbidden("AUDIT_FORBIDDEN",
                        "the audit log is read by administrators and by an area's agency"));
    }
}
