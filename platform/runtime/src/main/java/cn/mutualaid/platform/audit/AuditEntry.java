package cn.mutualaid.platform.audit;

import java.time.Instant;
import java.util.Map;

/** One audit log row as the query endpoint shows it; {@code changes} is the JSON object that was recorded. */
public record AuditEntry(long id, Instant at, String actor, String actorRole, String actorArea, String action,
        String targetType, String targetId, String targetArea, Map<String, Object> changes, String correlationId) {
}
