package cn.mutualaid.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void cellsThatASpreadsheetWouldRunAreDefused() {
        assertThat(AuditCsv.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(AuditCsv.cell("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.cell("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.cell("@cmd")).isEqualTo("'@cmd");
        assertThat(AuditCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
        assertThat(AuditCsv.cell(null)).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.cell("=1,2")).isEqualTo("\"'=1,2\"");
    }

    @Test
    void oneLinePerEntryUnderTheHeader() {
        AuditEntry entry = new AuditEntry(7, Instant.parse("2026-11-01T00:00:00Z"), "op", "AGENCY", "320500",
                "credit.request", "credit", "c-1", "320500", Map.of("amountFen", 5), null);
        assertThat(AuditCsv.of(List.of(entry))).isEqualTo(AuditCsv.HEADER + "\r\n"
                + "7,2026-11-01T00:00:00Z,op,AGENCY,320500,credit.request,credit,c-1,320500,\"{\"\"amountFen\"\":5}\",\r\n");
    }

    @Test
    void theServiceNameComesFromTheApplicationName() {
        assertThat(AuditAutoConfiguration.serviceName("insured-registry-service")).isEqualTo("registry");
        assertThat(AuditAutoConfiguration.serviceName("wallet-service")).isEqualTo("wallet");
        assertThat(AuditAutoConfiguration.serviceName("platform-probe")).isEqualTo("probe");
    }
}
