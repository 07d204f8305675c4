package cn.mutualaid.platform.audit;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Reads this service's audit log: newest first, in the caller's scope, optionally by time range and action. */
public class AuditLog {
    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    /** @param from inclusive, or null; @param to exclusive, or null; @param action an exact action, or null */
    Mono<List<AuditEntry>> page(AuditScope scope, Instant from, Instant to, String action, Page page) {
        List<String> where = new ArrayList<>();
        where.add(scope.all() ? "true" : "target_area between :lo and :hi");
        if (from != null) {
            where.add("at >= :from");
        }
        if (to != null) {
            where.add("at < :to");
        }
        if (action != null) {
            where.add("action = :action");
        }
        var spec = db.sql("""
                select id, at, actor, actor_role, actor_area, action, target_type, target_id, target_area,
                       changes::text as changes, correlation_id
                  from audit_log where %s order by id desc limit :limit offset :offset"""
                .formatted(String.join(" and ", where)))
                .bind("limit", page.size()).bind("offset", page.offset());
        if (!scope.all()) {
            spec = spec.bind("lo", scope.lowArea()).bind("hi", scope.highArea());
        }
        if (from != null) {
            spec = spec.bind("from", from);
        }
        if (to != null) {
            spec = spec.bind("to", to);
        }
        if (action != null) {
            spec = spec.bind("action", action);
        }
        return spec.map(AuditLog::entry).all().collectList();
    }

    @SuppressWarnings("unchecked")
    private static AuditEntry entry(Readable row) {
        Map<String, Object> changes = Contracts.mapper().readValue(row.get("changes", String.class), Map.class);
        return new AuditEntry(row.get("id", Long.class), row.get("at", Instant.class), row.get("actor", String.class),
                row.get("actor_role", String.class), row.get("actor_area", String.class), row.get("action", String.class),
                row.get("target_type", String.class), row.get("target_id", String.class),
                row.get("target_area", String.class), changes, row.get("correlation_id", String.class));
    }
}
