package cn.mutualaid.settlement.clearing.domain;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.PaymentLine;
import cn.mutualaid.kernel.PoolingArea;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One benefactor's share of a captured or refunded payment, as clearing books it. Fund = where the benefactor is
 * insured (the account the money left), spend = where it was spent (the provider's pooling area). A capture is a
 * use with a positive amount; a refund is a negative amount and no use, booked when the refund happens.
 */
public record ClearingLine(int lineNo, Kind kind, String paymentId, PoolingArea fundArea, String fundProvince,
        PoolingArea spendArea, String spendProvince, PaymentCategory category, AidScope scope, long amountFen,
        int uses, Instant at) {

    public enum Kind { CAPTURE, REFUND }

    /**
     * The lines of one wallet event, numbered in the event's order. The event carries each line's provinces and
     * scope; where an older event lacks them they follow from the two pooling areas.
     */
    public static List<ClearingLine> of(Kind kind, String paymentId, PaymentCategory category, List<PaymentLine> lines,
            Instant at) {
        List<ClearingLine> booked = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            PaymentLine line = lines.get(i);
            PoolingArea fund = PoolingArea.of(line.fundPoolingArea());
            PoolingArea spend = PoolingArea.of(line.spendPoolingArea());
            String fundProvince = line.fundProvince() != null ? line.fundProvince() : fund.province().code();
            String spendProvince = line.spendProvince() != null ? line.spendProvince() : spend.province().code();
            AidScope scope = line.scope() != null ? line.scope() : AidScope.between(fund, spend);
            long amount = kind == Kind.CAPTURE ? line.amountFen() : -line.amountFen();
            booked.add(new ClearingLine(i, kind, paymentId, fund, fundProvince, spend, spendProvince, category, scope,
                    amount, kind == Kind.CAPTURE ? 1 : 0, at));
        }
        return booked;
    }
}
