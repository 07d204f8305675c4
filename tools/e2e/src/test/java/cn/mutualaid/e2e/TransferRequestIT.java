package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import static cn.mutualaid.e2e.MeshClient.as;

import cn.mutualaid.client.api.RelationshipsApi;
import cn.mutualaid.client.api.TransfersApi;
import cn.mutualaid.client.model.TransferRequest;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two-sided transfer (医保关系转移接续) through the gateway: a request by the target area moves nothing and
 * dissolves nothing; refused, withdrawn, or raced by a withdrawal it stays that way; once confirmed, the
 * relationships end (the saga returns the quota) and the account moves.
 */
@ExtendWith(RunningMesh.class)
class TransferRequestIT {
    private static final String JINAN = "370100";
    private static final String GUANGZHOU = "440100";
    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fx = new Fixtures(mesh);
    private final TransfersApi transfers = mesh.api(TransfersApi::new);
    private final RelationshipsApi relations = mesh.api(RelationshipsApi::new);

    private String file(String personId) {
        Reply filed = mesh.send(() -> transfers.fileTransferWithHttpInfo(personId,
                new TransferRequest().toPoolingArea(GUANGZHOU), as(fx.agency(GUANGZHOU)))).expect(202);
        assertThat(filed.text("status")).isEqualTo("REQUESTED");
        return filed.text("transferId");
    }

    private Reply act(String token, String transferId, String action) {
        return mesh.send(() -> switch (action) {
            case "confirm" -> transfers.confirmTransferWithHttpInfo(transferId, as(token));
            case "refuse" -> transfers.refuseTransferWithHttpInfo(transferId, as(token));
            case "withdraw" -> transfers.withdrawTransferWithHttpInfo(transferId, as(token));
            default -> throw new IllegalArgumentException(action);
        });
    }

    @Test
    void nothingEndsUntilTheCurrentAreaOrThePersonConfirms() throws InterruptedException {
        String mover = fx.person(JINAN, "EMPLOYEE");
        String wife = fx.person(JINAN, "EMPLOYEE");
        fx.kinship(JINAN, mover, wife, "SPOUSE");
        String toWife = fx.relation(JINAN, mover, wife, "SPOUSE");
        fx.credit(JINAN, mover, 50_000);
        fx.quota(mover, toWife, 20_000);
        String moverToken = fx.insured(mover);

        String refused = file(mover);
        assertThat(act(fx.agency("420100"), refused, "confirm").status()).isEqualTo(404);
        assertThat(act(fx.agency(GUANGZHOU), refused, "confirm").status()).isEqualTo(403);
        assertThat(act(fx.agency(JINAN), refused, "refuse").expect(200).text("status")).isEqualTo("REFUSED");
        String withdrawn = file(mover);
        assertThat(act(fx.agency(GUANGZHOU), withdrawn, "withdraw").expect(200).text("status")).isEqualTo("WITHDRAWN");
        assertThat(mesh.send(() -> transfers.listTransferWithHttpInfo("out", null, null, 200, as(fx.agency(JINAN))))
                .expect(200).body().toString())
                .contains(refused, withdrawn);

        // confirm and withdraw at the same time: exactly one wins
        String transferId = file(mover);
        CompletableFuture<Reply> confirm = CompletableFuture.supplyAsync(() -> act(moverToken, transferId, "confirm"));
        CompletableFuture<Reply> withdraw = CompletableFuture.supplyAsync(
                () -> act(fx.agency(GUANGZHOU), transferId, "withdraw"));
        List<Integer> statuses = List.of(confirm.join().status(), withdraw.join().status());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);

        if (statuses.get(0) != 200) {
            // The withdrawal won: the relationship is untouched, the account stays; then a request is confirmed.
            Thread.sleep(3_000);
            assertThat(mesh.send(() -> relations.getRelationWithHttpInfo(toWife, as(moverToken))).expect(200)
                    .text("status")).isEqualTo("ACTIVE");
            assertThat(fx.account(mover).text("poolingArea")).isEqualTo(JINAN);
            act(fx.agency(JINAN), file(mover), "confirm").expect(200);
        }
        Reply dissolved = mesh.until(() -> mesh.send(() -> relations.getRelationWithHttpInfo(toWife, as(moverToken))),
                r -> "DISSOLVED".equals(r.text("status")), Fixtures.PROPAGATION);
        assertThat(dissolved.body().path("dissolution").path("releasedFen").asLong()).isEqualTo(20_000);
        Reply account = mesh.until(() -> fx.account(mover), r -> GUANGZHOU.equals(r.text("poolingArea")),
                Fixtures.PROPAGATION);
        assertThat(account.fen("balanceFen")).isEqualTo(50_000);
        assertThat(account.fen("frozenFen")).isZero();
    }
}
