package cn.mutualaid.platform.audit;

import cn.mutualaid.contracts.Contracts;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Audit entries as RFC 4180 CSV that is safe to open in a spreadsheet: a cell starting with = + - @ (or a tab or
 * carriage return) is prefixed with an apostrophe so it can never run as a formula, and any cell holding a comma,
 * quote or line break is quoted with its quotes doubled.
 */
public final class AuditCsv {
    static final String HEADER = "id,at,actor,actorRole,actorArea,action,targetType,targetId,targetArea,changes,correlationId";

    private AuditCsv() {
    }

    public static String of(List<AuditEntry> entries) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEntry e : entries) {
            csv.append(Stream.of(String.valueOf(e.id()), String.valueOf(e.at()), e.actor(), e.actorRole(), e.actorArea(),
                            e.action(), e.targetType(), e.targetId(), e.targetArea(),
                            Contracts.mapper().writeValueAsString(e.changes()), e.correlationId())
                    .map(AuditCsv::cell).collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
