package cn.mutualaid.contracts.wallet;

import cn.mutualaid.contracts.Contract;
import cn.mutualaid.contracts.Topics;
import java.time.Instant;
import java.util.List;

/**
 * The wallet's own totals for a month (China time, by capture/refund time), published in answer to settlement's
 * PeriodClosed so that settlement can reconcile its clearing lines against the ledger to the fen.
 */
@Contract(type = "WalletMonthTotals", version = 1, topic = Topics.WALLET_EVENTS)
public record WalletMonthTotals(String period, List<MonthTotal> totals, Instant at) {
}
