package cn.mutualaid.settlement;

import cn.mutualaid.platform.observability.DatabaseGauges;
import org.springframework.stereotype.Component;

/**
 * What an operator must hear about without opening the API: a month that cannot settle because the wallet's totals
 * disagree, and provinces whose prepaid fund no longer covers the required level (the PrepaidFundLow event fires
 * once; the gauge stays up until the fund is topped up). Alerts: MeshReconciliationMismatch, MeshPrepaidFundLow.
 */
@Component
class SettlementMetrics {

    SettlementMetrics(DatabaseGauges gauges) {
        gauges.gauge("mesh.settlement.reconciliation.mismatches", "months whose reconciliation with the wallet is MISMATCH",
                        "select count(*) from reconciliations where status = 'MISMATCH'")
                .gauge("mesh.settlement.prepaid.low", "provinces whose prepaid fund is LOW or OVERDRAWN",
                        "select count(*) from prepaid_funds where status <> 'OK'");
    }
}
