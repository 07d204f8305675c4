package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.kernel.Rejection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a refund is split over a captured payment's lines: the last line drawn is returned first (the reverse of the
 * allocation order), each line at most what it paid minus what it already got back. Never more than captured minus
 * refunded in total (422 REFUND_EXCEEDS_CAPTURED).
 */
public final class RefundPlan {
    private RefundPlan() {
    }

    public record LineBalance(int lineNo, long amountFen, long refundedFen) {
        long refundable() {
            return amountFen - refundedFen;
        }
    }

    public record Part(int lineNo, long amountFen) {
    }

    public static List<Part> plan(long amountFen, List<LineBalance> lines) {
        if (amountFen <= 0) {
            throw new IllegalArgumentException("refund must be positive");
        }
        long refundable = lines.stream().mapToLong(LineBalance::refundable).sum();
        if (amountFen > refundable) {
            throw Rejection.refused("REFUND_EXCEEDS_CAPTURED",
                    "at most " + refundable + " fen of this payment can still be refunded");
        }
        List<LineBalance> ordered = new ArrayList<>(lines);
        ordered.sort(Comparator.comparingInt(LineBalance::lineNo).reversed());
        List<Part> parts = new ArrayList<>();
        long left = amountFen;
        for (LineBalance line : ordered) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, line.refundable());
            if (take > 0) {
                parts.add(new Part(line.lineNo(), take));
                left -= take;
            }
        }
        return parts;
    }
}
