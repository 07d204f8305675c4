package cn.mutualaid.relation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.registry.KinshipVerified;
import cn.mutualaid.contracts.registry.PersonRegistered;
import cn.mutualaid.testing.TestJwt;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Mesh-Await (platform runtime): a request naming an event this service has not consumed yet waits, then answers 503
 * NOT_YET_CONSISTENT and changes nothing; once the event is consumed the same request goes through. Without the header
 * nothing waits.
 */
class ReadYourWritesIT extends MeshFixture {

    @Test
    void aServiceHallEntryAwaitingTheKinshipEventIsHeldUntilItIsConsumedNeverFalselyRefused() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        String son = enrolled(Scheme.RESIDENT, SUZHOU);
        // The registry wrote the kinship and answered its event id; the event is not on the topic yet.
        Envelope kinship = Envelope.wrap(UUID.randomUUID(),
                new KinshipVerified(benefactor, son, Kinship.CHILD, Instant.now()), benefactor, Instant.now(), null);
        String token = kinship.eventId().toString();

        // Without the header the request is judged at once, by what the service has seen: a false refusal.
        assertThat(body(entry(benefactor, son, null).expectStatus().isEqualTo(422)))
                .containsEntry("code", "KINSHIP_NOT_VERIFIED");

        long startedAt = System.nanoTime();
        EntityExchangeResult<Map<String, Object>> notYet = entry(benefactor, son, token).expectStatus()
                .isEqualTo(503).expectBody(JSON).returnResult();
        assertThat(System.nanoTime() - startedAt).as("it waited mesh.consistency.max-wait first")
                .isGreaterThan(1_500_000_000L);
        assertThat(notYet.getResponseBody()).containsEntry("code", "NOT_YET_CONSISTENT");
        assertThat(notYet.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(notYet.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(relationsOf(benefactor)).isZero();
        assertThat(auditOf(benefactor)).isEmpty();

        publishRegistry(kinship);
        // The same request, retried as Retry-After says: held while the event travels, then created; never a 422.
        AtomicReference<Integer> status = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            status.set(entry(benefactor, son, token).expectBody(JSON).returnResult().getStatus().value());
            assertThat(status.get()).isIn(201, 503);
            return status.get() == 201;
        });
        assertThat(relationsOf(benefactor)).isEqualTo(1);
    }

    @Test
    void anEventOfATypeThisServiceIgnoresCountsAsSeenOnceConsumed() {
        // relation-service handles no PersonRegistered; its inbox records the id all the same.
        String person = newId("p");
        Envelope registered = publishRegistry(Envelope.wrap(new PersonRegistered(person, "M",
                LocalDate.of(1980, 1, 1), Instant.now()), person));
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        await().atMost(PATIENCE).until(() -> listAwaiting(TestJwt.insured(benefactor), registered.eventId().toString())
                .returnResult(String.class).getStatus().value() == 200);
    }

    @Test
    void aMalformedTokenIsA400AndAnEventThisServiceWroteItselfIsSeenAtOnce() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        assertThat(body(listAwaiting(TestJwt.insured(benefactor), "not-an-event-id").expectStatus().isBadRequest()))
                .containsEntry("code", "INVALID_CONSISTENCY_TOKEN");
        String son = enrolled(Scheme.RESIDENT, SUZHOU);
        verifiedKinship(benefactor, son, Kinship.CHILD);
        String relationId = (String) body(entry(benefactor, son, null).expectStatus().isCreated()).get("relationId");
        UUID activated = db.sql("select event_id from outbox where aggregate_id = :r and type = 'RelationActivated'")
                .bind("r", relationId).map(row -> row.get(0, UUID.class)).one().block();
        // Its own write counts as seen: an event this service never consumes would be awaited in vain, a 503 after
        // max-wait. The status is the proof; a stopwatch here failed on a loaded machine, not on the rule.
        listAwaiting(TestJwt.insured(benefactor), activated.toString()).expectStatus().isOk();
    }

    @Test
    void aTokenOfATopicThisServiceNeverReadsIsPassedOverAndOneOfATopicItReadsIsAwaited() {
        String benefactor = enrolled(Scheme.EMPLOYEE, SUZHOU);
        // A wallet write's token (relation reads no wallet.events): nothing to wait for, judged at once. The id is
        // random, so awaiting it would end in a 503: the 200 is the proof that it was passed over.
        listAwaiting(TestJwt.insured(benefactor), "wallet.events:" + UUID.randomUUID()).expectStatus().isOk();
        // A registry write's token, not consumed yet: awaited, then 503.
        assertThat(body(listAwaiting(TestJwt.insured(benefactor), "registry.events:" + UUID.randomUUID())
                .expectStatus().isEqualTo(503))).containsEntry("code", "NOT_YET_CONSISTENT");
    }

    /** The benefactor's agency enters the relationship, awaiting {@code token} when it is not null. */
    private WebTestClient.ResponseSpec entry(String benefactor, String beneficiary, String token) {
        return web.post().uri("/api/v1/relations").header("Authorization", "Bearer " + TestJwt.agency(SUZHOU))
                .headers(h -> {
                    if (token != null) {
                        h.set("Mesh-Await", token);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("benefactorId", benefactor, "beneficiaryId", beneficiary, "kinship", "CHILD"))
                .exchange();
    }

    /** The benefactor's relationships, awaiting {@code token}. */
    private WebTestClient.ResponseSpec listAwaiting(String insuredToken, String token) {
        return web.get().uri("/api/v1/relations").header("Authorization", "Bearer " + insuredToken)
                .header("Mesh-Await", token).exchange();
    }

    private long relationsOf(String benefactor) {
        return db.sql("select count(*) from relation where benefactor_id = :p").bind("p", benefactor)
                .map(row -> row.get(0, Long.class)).one().block();
    }
}
