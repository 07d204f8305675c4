package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.platform.audit.Audit;
import cn.mutualaid.platform.audit.CorrelationId;
import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.testing.MeshTest;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The audit log on real PostgreSQL: an entry commits with its change, and no role can change or remove one. */
@MeshTest
class AuditLogIT {
    @Autowired Audit audit;
    @Autowired DatabaseClient db;
    @Autowired TransactionalOperator tx;

    private final Caller operator = new Caller("op-7", Set.of(Role.AGENCY), "320500");

    @Test
    void anEntryNamesWhoDidWhatToWhichTargetWithTheCorrelationId() {
        String target = "p-" + UUID.randomUUID();
        tx.transactional(audit.record(operator, "person.register", "person", target, "320500", Map.of("name", "李明")))
                .contextWrite(c -> c.put(CorrelationId.CONTEXT_KEY, "corr-123"))
                .block();
        var row = db.sql("select actor, actor_role, actor_area, action, target_area, changes::text as changes, correlation_id "
                        + "from audit_log where target_id = :t").bind("t", target).fetch().one().block();
        assertThat(row).containsEntry("actor", "op-7").containsEntry("actor_role", "AGENCY")
                .containsEntry("actor_area", "320500").containsEntry("action", "person.register")
                .containsEntry("target_area", "320500").containsEntry("correlation_id", "corr-123");
        assertThat((String) row.get("changes")).contains("李明");
    }

    @Test
    void anEntryRollsBackWithItsChange() {
        String target = "p-" + UUID.randomUUID();
        StepVerifier.create(tx.transactional(audit.record(operator, "person.register", "person", target, "320500", Map.of())
                .then(Mono.error(new IllegalStateException("the change failed"))))).expectError().verify();
        assertThat(count(target)).isZero();
    }

    @Test
    void theLogIsAppendOnlyForTheServicesRole() {
        String target = "p-" + UUID.randomUUID();
        audit.record(operator, "person.register", "person", target, "320500", Map.of()).block();
        StepVerifier.create(db.sql("update audit_log set actor = 'someone else' where target_id = :t").bind("t", target)
                .fetch().rowsUpdated()).expectErrorMatches(e -> e.getMessage().contains("append-only")).verify();
        StepVerifier.create(db.sql("delete from audit_log where target_id = :t").bind("t", target)
                .fetch().rowsUpdated()).expectErrorMatches(e -> e.getMessage().contains("append-only")).verify();
        StepVerifier.create(db.sql("truncate audit_log").fetch().rowsUpdated())
                .expectErrorMatches(e -> e.getMessage().contains("append-only")).verify();
        assertThat(count(target)).isEqualTo(1);
    }

    private long count(String target) {
        return db.sql("select count(*) from audit_log where target_id = :t").bind("t", target)
                .map(r -> r.get(0, Long.class)).one().block();
    }
}
