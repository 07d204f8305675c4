package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.kernel.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a payment is drawn from a beneficiary's quotas: oldest grant first (the quota's creation time, then its id as a
 * tie-break), each quota giving as much of its remaining as is still needed, so one payment may be split across
 * several benefactors. All or nothing: if the quotas together cannot cover the amount, 422 QUOTA_INSUFFICIENT.
 */
public final class Allocation {
    private Allocation() {
    }

    /** A quota the patient may spend from, with its benefactor's pooling area at payment time. */
    public record Source(String quotaId, String relationId, String benefactorId, String fundPoolingArea,
            Instant grantedAt, long remainingFen) {
    }

    public record Part(Source source, long amountFen) {
    }

    /**
     * The payment's lines: each part with its fund area (the benefactor's account area at payment time), the spend
     * area and the scope between them.
     */
    public static List<PaymentView.Line> lines(List<Part> parts, String spendArea) {
        String spendProvince = AidScope.provinceOf(spendArea);
        return parts.stream().map(part -> {
            Source s = part.source();
            return new PaymentView.Line(s.quotaId(), s.relationId(), s.benefactorId(), part.amountFen(), 0,
                    s.fundPoolingArea(), AidScope.provinceOf(s.fundPoolingArea()), spendArea, spendProvince,
                    AidScope.between(s.fundPoolingArea(), spendArea));
        }).toList();
    }

    static final Comparator<Source> OLDEST_GRANT_FIRST =
            Comparator.comparing(Source::grantedAt).thenComparing(Source::quotaId);

    public static List<Part> allocate(long amountFen, List<Source> sources) {
        if (amountFen <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        List<Source> ordered = new ArrayList<>(sources);
        ordered.sort(OLDEST_GRANT_FIRST);
        List<Part> parts = new ArrayList<>();
        long left = amountFen;
        for (Source source : ordered) {
            if (left == 0) {
                break;
            }
            if (source.remainingFen() <= 0) {
                continue;
            }
            long take = Math.min(left, source.remainingFen());
            parts.add(new Part(source, take));
            left -= take;
        }
        if (left > 0) {
            throw Rejection.refused("QUOTA_INSUFFICIENT",
                    "the patient's quotas cover " + (amountFen - left) + " of " + amountFen + " fen");
        }
        return parts;
    }
}
