package cn.mutualaid.settlement.clearing.domain;

import java.util.List;

/**
 * National clearing (清分) of a month: cross-province money per (fund province, spend province); uses count the
 * captured payment lines, refunds reduce the amount but not the uses. Each province's net = receivable (as spend
 * province) - payable (as fund province); the nets add up to zero.
 */
public record Positions(String period, String status, List<Position> positions, List<Net> nets) {

    public record Position(String fundProvince, String spendProvince, long amountFen, long uses) {
    }

    public record Net(String province, long payableFen, long receivableFen, long netFen) {
    }
}
