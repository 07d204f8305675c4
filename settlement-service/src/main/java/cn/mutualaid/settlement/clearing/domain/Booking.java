package cn.mutualaid.settlement.clearing.domain;

import cn.mutualaid.settlement.period.domain.Period;

/**
 * Where a batch of lines was booked: the month they happened in (China time), and the month they count in. A line
 * whose month is no longer OPEN is booked to the first later OPEN month and is late.
 */
public record Booking(Period eventMonth, Period period, int lines) {
    public boolean late() {
        return !period.equals(eventMonth);
    }
}
