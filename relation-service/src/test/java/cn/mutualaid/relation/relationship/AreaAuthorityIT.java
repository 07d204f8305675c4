package cn.mutualaid.relation.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.relation.MeshFixture;
import cn.mutualaid.testing.TestJwt;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every relationship route, called by an agency of neither party's area: 404 (the relationship's existence does not
 * leak) or 403 for creation, and nothing changes: no row, no event, no saga, no audit entry.
 */
class AreaAuthorityIT extends MeshFixture {

    @BeforeEach
    void rollouts() {
        announceRollouts();
    }

    /** What could change for these persons: their relationships, events, sagas and audit entries. */
    long[] snapshot(String person, String... relations) {
        return db.sql("""
                        select (select count(*) from relation where benefactor_id = :p or beneficiary_id = :p),
                               (select count(*) from outbox where aggregate_id in (:r)),
                               (select count(*) from dissolution_saga where relation_id in (:r)),
                               (select count(*) from audit_log where target_id in (:r) or changes->>'benefactorId' = :p),
                               (select count(*) from relation where relation_id in (:r) and status = 'PENDING_CONSENT')""")
                .bind("p", person).bind("r", List.of(relations))
                .map(row -> new long[] {row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class),
                        row.get(3, Long.class), row.get(4, Long.class)})
                .one().block();
    }

    @Test
    void anAgencyOfNeitherPartysAreaIsRefusedEverywhereAndNothingChanges() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String beneficiary = enrolled(Scheme.RESIDENT, NANJING);
        String sibling = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(benefactor, beneficiary, Kinship.CHILD);
        verifiedKinship(benefactor, sibling, Kinship.SIBLING);
        String active = (String) activeRelation(benefactor, beneficiary, Kinship.CHILD).get("relationId");
        String proposed = (String) body(propose(benefactor, sibling, Kinship.SIBLING).expectStatus().isCreated())
                .get("relationId");

        long[] before = snapshot(benefactor, active, proposed);
        for (String area : List.of(CHENGDU, "510000", ZHENGZHOU, "320200")) {
            String outsider = TestJwt.agency(area);
            agencyCreates(area, benefactor, sibling, Kinship.SIBLING).expectStatus().isForbidden();
            for (String id : List.of(active, proposed)) {
                get(outsider, "/api/v1/relations/" + id).expectStatus().isNotFound();
                post(outsider, "/api/v1/relations/" + id + "/dissolve").expectStatus().isNotFound();
                post(outsider, "/api/v1/relations/" + id + "/consent").expectStatus().isNotFound();
                post(outsider, "/api/v1/relations/" + id + "/decline").expectStatus().isNotFound();
            }
            get(outsider, "/api/v1/relations").expectStatus().isForbidden();
        }
        assertThat(snapshot(benefactor, active, proposed)).containsExactly(before);
        assertThat(status(active)).isEqualTo("ACTIVE");
        assertThat(status(proposed)).isEqualTo("PENDING_CONSENT");

        // Either party's area sees both relationships.
        get(TestJwt.agency(NANJING), "/api/v1/relations/" + active).expectStatus().isOk();
        get(TestJwt.agency("320000"), "/api/v1/relations/" + proposed).expectStatus().isOk();
    }
}
