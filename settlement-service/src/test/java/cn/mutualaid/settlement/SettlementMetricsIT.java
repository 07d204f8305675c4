package cn.mutualaid.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.observability.DatabaseGauges;
import cn.mutualaid.testing.MeshTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The gauges the settlement alerts watch follow the database: one more mismatch, one more low fund. */
@MeshTest
class SettlementMetricsIT {
    @Autowired DatabaseGauges gauges;
    @Autowired MeterRegistry meters;
    @Autowired DatabaseClient db;

    @Test
    void mismatchedMonthsAndLowFundsAreCounted() {
        gauges.refresh().block();
        double mismatches = value("mesh.settlement.reconciliation.mismatches");
        double low = value("mesh.settlement.prepaid.low");
        try {
            db.sql("""
                    insert into reconciliations (period, status, differences, checked_at)
                    values ('199901', 'MISMATCH', '[]', now()), ('199902', 'MATCHED', '[]', now())""")
                    .then().block();
            db.sql("""
                    insert into prepaid_funds (province, balance_fen, required_fen, status)
                    values ('980000', 10, 100, 'LOW'), ('970000', -1, 100, 'OVERDRAWN'), ('960000', 100, 100, 'OK')""")
                    .then().block();

            gauges.refresh().block();

            assertThat(value("mesh.settlement.reconciliation.mismatches")).isEqualTo(mismatches + 1);
            assertThat(value("mesh.settlement.prepaid.low")).isEqualTo(low + 2);
        } finally {
            db.sql("delete from reconciliations where period in ('199901', '199902')").then().block();
            db.sql("delete from prepaid_funds where province in ('980000', '970000', '960000')").then().block();
        }
    }

    private double value(String gauge) {
        return meters.get(gauge).gauge().value();
    }
}
