package cn.mutualaid.wallet.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Kinship;
import cn.mutualaid.contracts.Scheme;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.InsuranceEnrolled;
import cn.mutualaid.contracts.registry.InsuranceTransferred;
import cn.mutualaid.contracts.relation.RelationActivated;
import cn.mutualaid.contracts.relation.RelationDissolved;
import cn.mutualaid.contracts.relation.RelationDissolving;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Events of different topics that concern one person or relationship may reach the wallet in any order (another
 * service's consumer lags, a partition is behind, a parked message is replayed later). Each scenario delivers its
 * messages in every order, straight into the bindings' consumers, and expects one final state.
 */
@MeshTest
class ArrivalOrderIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired @Qualifier("registryEvents") Consumer<Message<byte[]>> registryEvents;
    @Autowired @Qualifier("relationEvents") Consumer<Message<byte[]>> relationEvents;
    @Autowired @Qualifier("walletCommands") Consumer<Message<byte[]>> walletCommands;
    Wallet w;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
    }

    /** A message as the binder hands it over: the envelope, and the topic it came on. */
    private record Delivery(String name, Consumer<Message<byte[]>> consumer, String topic, Envelope envelope) {
        void deliver() {
            consumer.accept(MessageBuilder.fromMessage(Envelopes.toMessage(envelope))
                    .setHeader(KafkaHeaders.RECEIVED_TOPIC, topic).build());
        }
    }

    @Test
    void aTransferIntoTheEmployeeSchemeEndsWithTheAccountInTheNewAreaWhateverArrivesFirst() {
        for (List<Integer> order : permutations(3)) {
            String person = Wallet.id("order");
            String transfer = "tr-" + UUID.randomUUID();
            Instant t0 = Instant.now();
            List<Delivery> deliveries = List.of(
                    registry("enrolled", new InsuranceEnrolled(person, Scheme.EMPLOYEE, "320500", "320000", t0),
                            person, t0),
                    registry("transferred", new InsuranceTransferred(transfer, person, Scheme.EMPLOYEE, Scheme.EMPLOYEE,
                            "320500", "320000", "410100", "410000", t0.plusSeconds(60)), person, t0.plusSeconds(60)),
                    new Delivery("move", walletCommands, Topics.WALLET_COMMANDS, Envelope.wrap(UUID.randomUUID(),
                            new MoveAccount(transfer, transfer, person, "410100", "410000", t0.plusSeconds(61)),
                            person, t0.plusSeconds(61), null)));
            List<String> names = deliverInOrder(deliveries, order);

            assertThat(row("select pooling_area, balance_fen, frozen_fen from account where person_id = :id", person))
                    .as("account after %s", names)
                    .containsEntry("pooling_area", "410100").containsEntry("balance_fen", 0L).containsEntry("frozen_fen", 0L);
            assertThat(row("select scheme, pooling_area, status from person where person_id = :id", person))
                    .as("person after %s", names)
                    .containsEntry("scheme", "EMPLOYEE").containsEntry("pooling_area", "410100")
                    .containsEntry("status", "ACTIVE");
            assertThat(row("""
                    select from_pooling_area, to_pooling_area, applied_at is not null as applied
                    from account_move where transfer_id = :id""", transfer))
                    .as("move after %s", names)
                    .containsEntry("from_pooling_area", "320500").containsEntry("to_pooling_area", "410100")
                    .containsEntry("applied", true);
        }
    }

    @Test
    void aDissolvedRelationshipReleasesItsQuotaOnceWhateverOrderTheSagaAndTheRelationEventsTake() {
        for (List<Integer> order : permutations(3)) {
            String benefactor = w.employee("320500", 10_000);
            String beneficiary = w.enrol(Scheme.EMPLOYEE, "320500");
            String relation = w.quota(benefactor, beneficiary, 3_000);
            String saga = UUID.randomUUID().toString();
            Instant t0 = Instant.now();
            List<Delivery> deliveries = List.of(
                    relationEvent("dissolving", new RelationDissolving(relation, saga, benefactor, beneficiary,
                            "BENEFACTOR_REQUEST", t0), relation),
                    new Delivery("release", walletCommands, Topics.WALLET_COMMANDS, Envelope.wrap(new ReleaseQuota(saga,
                            saga, relation, benefactor, beneficiary, "BENEFACTOR_REQUEST", t0), relation)),
                    relationEvent("dissolved", new RelationDissolved(relation, saga, benefactor, beneficiary,
                            "BENEFACTOR_REQUEST", 3_000, t0.plusSeconds(1)), relation));
            List<String> names = deliverInOrder(deliveries, order);

            assertThat(row("select status from relation where relation_id = :id", relation)).as("relation after %s", names)
                    .containsEntry("status", "DISSOLVED");
            assertThat(row("select status, released_fen from quota where relation_id = :id", relation))
                    .as("quota after %s", names).containsEntry("status", "RELEASED").containsEntry("released_fen", 3_000L);
            assertThat(w.account(benefactor)).as("benefactor's balance and frozen after %s", names)
                    .containsExactly(10_000L, 0L);
            assertThat(w.count("select count(*) from quota_release where relation_id = :id", relation)).isEqualTo(1);
        }
        w.assertLedgerOk();
    }

    @Test
    void aReleaseBeforeTheActivationKeepsTheRelationshipEndingWithItsScope() {
        for (List<Integer> order : permutations(2)) {
            String benefactor = Wallet.id("bf");
            String beneficiary = Wallet.id("bn");
            String relation = Wallet.id("rel");
            String saga = UUID.randomUUID().toString();
            List<Delivery> deliveries = List.of(
                    relationEvent("activated", new RelationActivated(relation, benefactor, beneficiary, Kinship.CHILD,
                            AidScope.SAME_AREA, "320500", "320500", Instant.now()), relation),
                    new Delivery("release", walletCommands, Topics.WALLET_COMMANDS, Envelope.wrap(new ReleaseQuota(saga,
                            saga, relation, benefactor, beneficiary, "BENEFACTOR_REQUEST", Instant.now()), relation)));
            List<String> names = deliverInOrder(deliveries, order);
            assertThat(row("select status, scope, benefactor_id from relation where relation_id = :id", relation))
                    .as("relation after %s", names)
                    .containsEntry("status", "DISSOLVING").containsEntry("scope", "SAME_AREA")
                    .containsEntry("benefactor_id", benefactor);
        }
    }

    private Delivery registry(String name, Object payload, String person, Instant at) {
        return new Delivery(name, registryEvents, Topics.REGISTRY_EVENTS,
                Envelope.wrap(UUID.randomUUID(), payload, person, at, null));
    }

    private Delivery relationEvent(String name, Object payload, String relation) {
        return new Delivery(name, relationEvents, Topics.RELATION_EVENTS, Envelope.wrap(payload, relation));
    }

    private static List<String> deliverInOrder(List<Delivery> deliveries, List<Integer> order) {
        List<String> names = new ArrayList<>();
        for (int i : order) {
            deliveries.get(i).deliver();
            names.add(deliveries.get(i).name());
        }
        // Each one a second time, as at-least-once delivery may: nothing changes.
        for (int i : order) {
            deliveries.get(i).deliver();
        }
        return names;
    }

    private Map<String, Object> row(String sql, String id) {
        return db.sql(sql).bind("id", id).fetch().one().block();
    }

    /** Every order of 0..n-1. */
    static List<List<Integer>> permutations(int n) {
        List<List<Integer>> all = new ArrayList<>();
        permute(new ArrayList<>(), n, all);
        return all;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> all) {
        if (prefix.size() == n) {
            all.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!prefix.contains(i)) {
                prefix.add(i);
                permute(prefix, n, all);
                prefix.remove(prefix.size() - 1);
            }
        }
    }
}
