package cn.mutualaid.wallet.payment;

import cn.mutualaid.kernel.Rejection;
import cn.mutualaid.kernel.Uuids;
import java.util.UUID;

/** A payment id from a path: anything that is not a UUID names no payment (404). */
final class PaymentIds {
    private PaymentIds() {
    }

    static UUID parse(String id) {
        return Uuids.parse(id).orElseThrow(() -> Rejection.notFound("payment"));
    }
}
