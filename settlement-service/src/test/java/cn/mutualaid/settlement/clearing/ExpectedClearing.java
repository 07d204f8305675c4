package cn.mutualaid.settlement.clearing;

import cn.mutualaid.settlement.WalletFeed.Movement;
import cn.mutualaid.settlement.WalletFeed.Share;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What clearing must produce for a month, computed by the test from the movements it sent (booked to that month),
 * with no help from the service: positions, nets, statements and each pooling area's figures.
 */
final class ExpectedClearing {
    /** (fund province → spend province) → {amount, uses}, cross-province only. */
    final Map<String, long[]> positions = new TreeMap<>();
    /** province → {payable, payableUses, receivable, receivableUses, within, withinUses}. */
    final Map<String, long[]> statements = new TreeMap<>();
    /** province/area → {payable, payableUses, receivable, receivableUses, withinFund, withinFundUses, withinSpend, withinSpendUses}. */
    final Map<String, long[]> areas = new TreeMap<>();
    long totalFen;
    long uses;
    long crossFen;

    ExpectedClearing(Collection<Movement> booked) {
        for (Movement m : booked) {
            for (Share s : m.shares()) {
                long fen = m.signed(s);
                long use = m.uses();
                totalFen += fen;
                uses += use;
                String fund = s.fundProvince();
                String spend = s.spendProvince();
                if (!fund.equals(spend)) {
                    crossFen += fen;
                    add(positions, fund + ">" + spend, 2, 0, fen, use);
                    add(statements, fund, 6, 0, fen, use);
                    add(statements, spend, 6, 2, fen, use);
                    add(areas, fund + "/" + s.fundArea(), 8, 0, fen, use);
                    add(areas, spend + "/" + s.spendArea(), 8, 2, fen, use);
                } else {
                    add(statements, fund, 6, 4, fen, use);
                    add(areas, fund + "/" + s.fundArea(), 8, 4, fen, use);
                    add(areas, fund + "/" + s.spendArea(), 8, 6, fen, use);
                }
            }
        }
    }

    long net(String province) {
        long[] s = statements.get(province);
        return s[2] - s[0];
    }

    private static void add(Map<String, long[]> map, String key, int width, int at, long fen, long use) {
        long[] cell = map.computeIfAbsent(key, k -> new long[width]);
        cell[at] += fen;
        cell[at + 1] += use;
    }
}
