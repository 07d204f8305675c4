package cn.mutualaid.e2e.fault;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.EnrollmentApi;
import cn.mutualaid.client.api.LedgerCheckApi;
import cn.mutualaid.client.api.PersonalAccountsApi;
import cn.mutualaid.client.api.RelationshipsApi;
import cn.mutualaid.client.api.TransfersApi;
import cn.mutualaid.client.model.TerminateRequest;
import cn.mutualaid.client.model.TransferRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * Families with quotas in one pooling area, the triggers of the dissolution saga (dissolve requests, transfers,
 * terminations), and the checks that every quota came back exactly once. Shared by the crash tests.
 */
final class SagaScenario {
    static final String[] KINSHIPS = {"CHILD", "PARENT", "SIBLING", "SPOUSE"};
    /** Long enough for a restarted consumer to rejoin its group (a SIGKILLed member lingers for its session). */
    static final Duration SETTLE = Duration.ofSeconds(180);

    final MeshClient mesh;
    final Fixtures fx;
    final String area;
    private final String provider;
    private final RelationshipsApi relations;
    private final TransfersApi transfers;
    private final EnrollmentApi enrollment;
    private final PersonalAccountsApi accounts;

    SagaScenario(MeshClient mesh, String area) {
        this.mesh = mesh;
        this.relations = mesh.api(RelationshipsApi::new);
        this.transfers = mesh.api(TransfersApi::new);
        this.enrollment = mesh.api(EnrollmentApi::new);
        this.accounts = mesh.api(PersonalAccountsApi::new);
        this.fx = new Fixtures(mesh);
        this.area = area;
        this.provider = fx.provider(area, "MEDICAL_INSTITUTION");
    }

    /** {@code count} families of {@code relatives} relatives each, set up in parallel; the first relative spends. */
    List<Family> families(int count, int relatives) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 4));
        try {
            List<CompletableFuture<Family>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(CompletableFuture.supplyAsync(() -> family(n, relatives), pool));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private Family family(int n, int relatives) {
        long credit = 200_000 + n * 1_000L;
        Family family = new Family(area, fx.person(area, "EMPLOYEE"), credit);
        for (int r = 0; r < relatives; r++) {
            String relative = fx.person(area, "RESIDENT");
            String kinship = KINSHIPS[r % KINSHIPS.length];
            fx.kinship(area, family.benefactor, relative, kinship);
            family.relatives.add(relative);
            family.relations.put(fx.relation(area, family.benefactor, relative, kinship), relative);
        }
        fx.credit(area, family.benefactor, credit);
        int r = 0;
        for (String relation : family.relations.keySet()) {
            long quota = 10_000L * (r + 1) + 100L * n;
            assertThat(fx.quota(family.benefactor, relation, quota).fen("grantedFen")).isEqualTo(quota);
            family.grantedFen.put(relation, quota);
            r++;
        }
        String first = family.relations.keySet().iterator().next();
        long spend = 1_234L + n;
        assertThat(fx.pay(provider, family.relations.get(first), spend, "MEDICAL_INSTITUTION").status())
                .isEqualTo(201);
        family.usedFen.put(first, spend);
        return family;
    }

    /** Each relationship dissolved by someone entitled to: the benefactor, the relative, the agency in turn. */
    void dissolveAll(Family family) {
        int i = 0;
        for (Map.Entry<String, String> e : family.relations.entrySet()) {
            String token = switch (i++ % 3) {
                case 0 -> fx.insured(family.benefactor);
                case 1 -> fx.insured(e.getValue());
                default -> fx.agency(area);
            };
            Reply reply = mesh.send(() -> relations.dissolveRelationWithHttpInfo(e.getKey(), as(token)));
            assertThat(reply.status()).as("dissolve %s: %s", e.getKey(), reply.body()).isEqualTo(202);
        }
    }

    void transfer(Family family, String toArea) {
        mesh.send(() -> transfers.fileTransferWithHttpInfo(family.benefactor,
                new TransferRequest().toPoolingArea(toArea), as(fx.agency(area)))).expect(202);
    }

    void terminate(Family family) {
        mesh.send(() -> enrollment.terminateEnrollmentWithHttpInfo(family.benefactor,
                new TerminateRequest().reason("fault test"), as(fx.agency(area)))).expect(202);
    }

    Reply relation(Family family, String relationId) {
        return mesh.send(() -> relations.getRelationWithHttpInfo(relationId, as(fx.insured(family.benefactor))));
    }

    /** How many of the families' relationships are not DISSOLVED yet (their saga is in flight). */
    long inFlight(List<Family> families) {
        long waiting = 0;
        for (Family family : families) {
            for (String relation : family.relations.keySet()) {
                Reply view = relation(family, relation);
                if (!view.ok() || !"DISSOLVED".equals(view.text("status"))) {
                    waiting++;
                }
            }
        }
        return waiting;
    }

    /**
     * Every relationship ends DISSOLVED with exactly its unused quota released, one QUOTA_RELEASE journal entry per
     * relationship, and the benefactor's account: balance = credit - spent, nothing frozen.
     */
    void assertReturnedExactlyOnce(List<Family> families, Map<Family, String> movedTo) {
        for (Family family : families) {
            String token = fx.insured(family.benefactor);
            for (String relation : family.relations.keySet()) {
                Reply done = mesh.until(() -> relation(family, relation), r -> "DISSOLVED".equals(r.text("status")),
                        SETTLE);
                JsonNode dissolution = done.body().path("dissolution");
                assertThat(dissolution.path("releasedFen").asLong()).as("released on %s", relation)
                        .isEqualTo(family.unusedFen(relation));
                assertThat(dissolution.path("state").asString()).isEqualTo("DISSOLVED");
            }
            String expectedArea = movedTo.getOrDefault(family, family.area);
            Reply account = mesh.until(() -> mesh.send(() -> accounts.getAccountWithHttpInfo(family.benefactor,
                            as(token))),
                    r -> r.ok() && expectedArea.equals(r.text("poolingArea")) && r.fen("frozenFen") == 0, SETTLE);
            long balance = family.creditedFen - family.spentFen();
            assertThat(account.fen("balanceFen")).as("balance of %s", family).isEqualTo(balance);
            assertThat(account.fen("availableFen")).as("available of %s", family).isEqualTo(balance);
            JsonNode journal = mesh.send(() -> accounts.journalAccountWithHttpInfo(family.benefactor, null, 200,
                    as(token))).expect(200).body();
            JsonNode entries = journal.isArray() ? journal : journal.path("items");
            for (String relation : family.relations.keySet()) {
                List<Long> releases = new ArrayList<>();
                for (JsonNode entry : entries) {
                    if ("QUOTA_RELEASE".equals(entry.path("kind").asString())
                            && relation.equals(entry.path("reference").asString())) {
                        releases.add(-entry.path("frozenDeltaFen").asLong());
                    }
                }
                assertThat(releases).as("QUOTA_RELEASE entries of %s", relation)
                        .containsExactly(family.unusedFen(relation));
            }
        }
        assertLedgerOk(mesh, fx);
    }

    static void assertLedgerOk(MeshClient mesh, Fixtures fx) {
        LedgerCheckApi ledger = mesh.api(LedgerCheckApi::new);
        Reply check = mesh.until(() -> mesh.send(() -> ledger.checkLedgerWithHttpInfo(as(fx.clearing()))), Reply::ok,
                Duration.ofSeconds(60));
        assertThat(check.body().path("ok").asBoolean()).as("ledger check: %s", check.body()).isTrue();
        System.out.println("[check] ledger ok: " + check.body().path("accounts").asLong() + " accounts, total balance "
                + check.body().path("totalBalanceFen").asLong() + " fen, frozen "
                + check.body().path("totalFrozenFen").asLong() + " fen");
    }

    static int relationships(List<Family> families) {
        return families.stream().mapToInt(f -> f.relations.size()).sum();
    }
}
