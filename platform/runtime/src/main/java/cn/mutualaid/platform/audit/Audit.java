package cn.mutualaid.platform.audit;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.platform.security.Caller;
import java.util.Map;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Writes one audit entry per change a person made: who (subject, role, area), what (action), on what (target type,
 * id and the area it belongs to), the values that changed, and the request's correlation id. Call it inside the
 * transaction of the change, so that the change and its entry commit together. The table is append-only.
 *
 * <p>Never put a citizen ID number into {@code changes}: use the masked form or the person id.
 */
public class Audit {
    private final DatabaseClient db;

    public Audit(DatabaseClient db) {
        this.db = db;
    }

    /**
     * @param action a stable verb, e.g. {@code person.register}, {@code transfer.confirm}, {@code credit.approve}
     * @param targetArea the pooling area or province the target belongs to (null for national targets)
     * @param changes the values that changed (new values; old ones where they matter), JSON-serialisable
     */
    public Mono<Void> record(Caller caller, String action, String targetType, String targetId, String targetArea,
            Map<String, ?> changes) {
        Objects.requireNonNull(caller, "caller");
        return Mono.deferContextual(context -> db.sql("""
                        insert into audit_log (actor, actor_role, actor_area, action, target_type, target_id, target_area,
                                               changes, correlation_id)
                        values (:actor, :role, :actorArea, :action, :targetType, :targetId, :targetArea,
                                cast(:changes as jsonb), :correlation)""")
                .bind("actor", String.valueOf(caller.subject()))
                .bind("role", caller.roles().isEmpty() ? "NONE" : caller.roles().stream().map(Enum::name).sorted()
                        .reduce((a, b) -> a + "," + b).orElseThrow())
                .bind("actorArea", nullable(caller.area()))
                .bind("action", action)
                .bind("targetType", targetType)
                .bind("targetId", targetId)
                .bind("targetArea", nullable(targetArea))
                .bind("changes", Contracts.mapper().writeValueAsString(changes == null ? Map.of() : changes))
                .bind("correlation", nullable(context.getOrDefault(CorrelationId.CONTEXT_KEY, (String) null)))
                .fetch().rowsUpdated().then());
    }

    private static org.springframework.r2dbc.core.Parameter nullable(String value) {
        return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
    }
}
