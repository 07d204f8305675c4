package cn.mutualaid.e2e.fault;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.ClearingPeriodsApi;
import cn.mutualaid.client.api.PaymentCodesApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.api.PersonalAccountsApi;
import cn.mutualaid.client.api.PersonsApi;
import cn.mutualaid.client.api.QuotasApi;
import cn.mutualaid.client.api.RelationshipsApi;
import cn.mutualaid.client.api.TransfersApi;
import cn.mutualaid.client.model.CreditRequest;
import cn.mutualaid.client.model.Establish;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.client.model.QuotaRequest;
import cn.mutualaid.client.model.RefundRequest;
import cn.mutualaid.client.model.TransferRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.RunningMesh;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The bank workload (in the spirit of Jepsen's): concurrent clients credit accounts, grant quotas, pay (capture, and
 * authorize then capture or void), refund, dissolve and re-establish relationships and transfer benefactors for a
 * bounded time, while the wallet and relation-service are killed with SIGKILL and started again and the Kafka broker
 * is killed and restarted. Every operation and its outcome is recorded. Outcomes a client could not know (no answer,
 * 5xx) are resolved afterwards the way a client would: by replaying the request with its Idempotency-Key or
 * reference, or by reading the payment.
 *
 * <p>Invariants: the money in the test's accounts equals credits - captured spending + refunds, to the fen; no quota
 * stays frozen for a relationship that ended (each benefactor's frozen = held + remaining on ACTIVE quotas; each
 * DISSOLVED relationship's quota RELEASED with the amount the saga reported); the ledger check is ok; the month's
 * settlement equals every captured payment of the run. Each DISSOLVED relationship's quota is RELEASED and its
 * release is in the benefactor's journal exactly once, for the amount the saga reported.
 */
@ExtendWith(RunningMesh.class)
class BankInvariantIT {
    private static final String PROVINCE = "350000";
    private static final String[] AREAS = {"350100", "350200"};
    private static final int FAMILIES = 6;
    private static final int CLIENTS = 6;
    private static final Duration MIN_RUN = Duration.ofSeconds(45);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final MeshClient mesh = RunningMesh.client();
    private final PaymentCodesApi codesApi = mesh.api(PaymentCodesApi::new);
    private final PaymentsApi paymentsApi = mesh.api(PaymentsApi::new);
    private final PersonalAccountsApi accountsApi = mesh.api(PersonalAccountsApi::new);
    private final PersonsApi personsApi = mesh.api(PersonsApi::new);
    private final QuotasApi quotasApi = mesh.api(QuotasApi::new);
    private final RelationshipsApi relationsApi = mesh.api(RelationshipsApi::new);
    private final TransfersApi transfersApi = mesh.api(TransfersApi::new);
    private final Fixtures fx = new Fixtures(mesh);
    private final Outcomes outcomes = new Outcomes();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Op> history = new ConcurrentLinkedQueue<>();
    private final AtomicLong opIndex = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long t0 = System.nanoTime();

    private final List<Benefactor> benefactors = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();
    private final ConcurrentLinkedQueue<Credit> credits = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Payment> payments = new ConcurrentLinkedQueue<>();
    private final CopyOnWriteArrayList<Payment> refundable = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Refund> refunds = new ConcurrentLinkedQueue<>();
    private final AtomicLong transfers = new AtomicLong();
    /** A provider per client: the gateway limits payments per caller. */
    private final Map<String, String> providers = new ConcurrentHashMap<>();

    /** One operation of the history: what, by whom, when (ms since start), and how it ended. */
    record Op(long index, String client, String type, long startMs, long endMs, Outcome outcome, String detail) {
    }

    enum Outcome { OK, REFUSED, UNKNOWN }

    static final class Benefactor {
        final String id;
        /** Where the benefactor is insured as far as the client knows (null: a transfer went unanswered). */
        volatile String area;
        /** At most one transfer each: afterwards the account's area tells when it has been carried out. */
        volatile boolean transferred;

        Benefactor(String id, String area) {
            this.id = id;
            this.area = area;
        }
    }

    static final class Pair {
        final Benefactor benefactor;
        final String relative;
        final String kinship;
        final AtomicReference<String> relation = new AtomicReference<>();

        Pair(Benefactor benefactor, String relative, String kinship) {
            this.benefactor = benefactor;
            this.relative = relative;
            this.kinship = kinship;
        }
    }

    static final class Credit {
        final String personId;
        final long amount;
        final String reference;
        /** Its Idempotency-Key: every retry of this credit sends the same one. */
        final String key = UUID.randomUUID().toString();
        volatile Outcome outcome;

        Credit(String personId, long amount, String reference) {
            this.personId = personId;
            this.amount = amount;
            this.reference = reference;
        }
    }

    static final class Payment {
        final String providerToken;
        final String key;
        final PaymentRequest body;
        final long amount;
        volatile Outcome created;
        volatile String id;
        /** What the client last learned: AUTHORIZED, CAPTURED, VOIDED (null: unknown). */
        volatile String status;
        /** Capture or void attempted with no definite answer: only a read tells. */
        volatile boolean finishUnknown;
        final AtomicLong refundedKnown = new AtomicLong();

        Payment(String providerToken, String key, PaymentRequest body, long amount) {
            this.providerToken = providerToken;
            this.key = key;
            this.body = body;
            this.amount = amount;
        }
    }

    static final class Refund {
        final Payment payment;
        final long amount;
        final String key;
        volatile Outcome outcome;

        Refund(Payment payment, long amount, String key) {
            this.payment = payment;
            this.amount = amount;
            this.key = key;
        }
    }

    @Test
    void moneyIsConservedAndNoQuotaStaysFrozenUnderConcurrencyAndFaults() throws Exception {
        setUp();
        System.out.printf("[bank] %d benefactors, %d relationships set up at %d s; %d clients start%n",
                benefactors.size(), pairs.size(), seconds(), CLIENTS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String name = "c" + c;
            running.add(CompletableFuture.runAsync(() -> client(name), clients));
        }
        long loadStart = System.nanoTime();
        List<Nemesis.Fault> faults = nemesis();
        Duration sinceStart = Duration.ofNanos(System.nanoTime() - loadStart);
        // the load goes on for at least MIN_RUN, and a few seconds after the last fault
        long more = Math.max(MIN_RUN.minus(sinceStart).toMillis(), 5_000);
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(more,
                java.util.concurrent.TimeUnit.MILLISECONDS)).join();
        stop.set(true);
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        clients.shutdown();
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        System.out.printf("[bank] load stopped after %d ms; history %d operations; %s%n", loadMillis, history.size(),
                outcomes);
        Nemesis.ensureRunning();

        resolveUnknowns();
        Totals totals = finalTotals();
        // counted at once, so that a failure below does not also fail the other tests' settlement checks
        Fixtures.SPENT_FEN.addAndGet(totals.captured - totals.refunded);
        Fixtures.USES.addAndGet(totals.capturedLines);
        awaitQuiescence();

        // invariant 1: money
        long expected = totals.credited - totals.captured + totals.refunded;
        long actual = 0;
        for (Benefactor b : benefactors) {
            Reply account = mesh.until(() -> mesh.send(() -> accountsApi.getAccountWithHttpInfo(b.id, as(agency()))),
                    Reply::ok, PATIENCE);
            actual += account.fen("balanceFen");
        }
        printHistory(faults, totals, expected, actual);
        assertThat(actual).as("money in the accounts = credits - captured + refunds").isEqualTo(expected);

        // invariant 2: no quota frozen for a relationship that ended; frozen = what ACTIVE quotas hold back
        List<String> problems = frozenProblems();
        System.out.println("[bank] quota invariant: " + (problems.isEmpty() ? "ok" : problems));
        assertThat(problems).isEmpty();
        SagaScenario.assertLedgerOk(mesh, fx);

        String period = Fixtures.currentPeriod();
        ClearingPeriodsApi periods = mesh.api(ClearingPeriodsApi::new);
        Reply month = mesh.until(() -> mesh.send(() -> periods.getPeriodWithHttpInfo(period, as(fx.clearing()))),
                r -> r.ok() && r.fen("totalFen") == Fixtures.SPENT_FEN.get() && r.fen("uses") == Fixtures.USES.get(),
                PATIENCE);
        System.out.printf("[bank] settlement %s: totalFen %d and uses %d match every captured payment of the JVM%n",
                period, month.fen("totalFen"), month.fen("uses"));
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private void setUp() {
        for (int c = 0; c < CLIENTS; c++) {
            providers.put("c" + c, mesh.token(fx.provider(AREAS[c % 2], "MEDICAL_INSTITUTION"), null, "PROVIDER"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<List<Pair>>> families = new ArrayList<>();
            for (int i = 0; i < FAMILIES; i++) {
                String area = AREAS[i % 2];
                families.add(CompletableFuture.supplyAsync(() -> family(area), pool));
            }
            for (CompletableFuture<List<Pair>> family : families) {
                List<Pair> ps = family.join();
                pairs.addAll(ps);
                benefactors.add(ps.get(0).benefactor);
            }
            // every first relative is also aided by the next family's benefactor: payments split across benefactors
            List<Pair> crossed = new ArrayList<>();
            for (int i = 0; i < FAMILIES; i++) {
                Benefactor next = benefactors.get((i + 1) % FAMILIES);
                String relative = pairs.get(i * 2).relative;
                crossed.add(new Pair(next, relative, "SIBLING"));
            }
            List<CompletableFuture<Void>> links = crossed.stream().map(p -> CompletableFuture.runAsync(() -> {
                fx.kinship(PROVINCE, p.benefactor.id, p.relative, p.kinship);
                establish(p, 30_000);
            }, pool)).toList();
            links.forEach(CompletableFuture::join);
            pairs.addAll(crossed);
            // every token minted now: the clients' calls then need nothing but the services under test
            agency();
            for (int c = 0; c < CLIENTS; c++) {
                agency("c" + c);
            }
            pairs.forEach(p -> {
                insured(p.benefactor.id);
                insured(p.relative);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Pair> family(String area) {
        Benefactor b = new Benefactor(fx.person(area, "EMPLOYEE"), area);
        Credit credit = new Credit(b.id, 300_000, "bank-" + UUID.randomUUID());
        Reply credited = mesh.until(() -> creditCall(credit, agency()), r -> r.status() == 201, Fixtures.PROPAGATION);
        credit.outcome = Outcome.OK;
        credits.add(credit);
        record("setup", "credit", 0, Outcome.OK, credited.status() + " " + credit.amount);
        List<Pair> ps = new ArrayList<>();
        String[] kinships = {"CHILD", "PARENT"};
        for (String kinship : kinships) {
            String relative = fx.person(AREAS[0], "RESIDENT");
            fx.kinship(PROVINCE, b.id, relative, kinship);
            Pair p = new Pair(b, relative, kinship);
            establish(p, 50_000);
            ps.add(p);
        }
        return ps;
    }

    private void establish(Pair p, long quota) {
        p.relation.set(fx.relation(PROVINCE, p.benefactor.id, p.relative, p.kinship));
        fx.quota(p.benefactor.id, p.relation.get(), quota);
    }

    // ------------------------------------------------------------------------------------------------ clients

    private void client(String name) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            int dice = random.nextInt(100);
            boolean failed;
            if (dice < 25) {
                failed = pay(name, pick(random), true);
            } else if (dice < 37) {
                failed = pay(name, pick(random), false);
            } else if (dice < 47) {
                failed = refund(name, random);
            } else if (dice < 65) {
                failed = grant(name, pick(random), random);
            } else if (dice < 73) {
                failed = credit(name, benefactors.get(random.nextInt(benefactors.size())), random);
            } else if (dice < 76) {
                failed = dissolve(name, pick(random), random);
            } else if (dice < 95) {
                failed = reestablish(name, pick(random));
            } else {
                failed = transfer(name, benefactors.get(random.nextInt(benefactors.size())));
            }
            if (failed) {
                Outcomes.pause(500);
            }
        }
    }

    private Pair pick(ThreadLocalRandom random) {
        return pairs.get(random.nextInt(pairs.size()));
    }

    /** A payment by the relative's own code; capture at once, or authorize then capture or void. */
    private boolean pay(String client, Pair pair, boolean capture) {
        long start = millis();
        Reply code = outcomes.call(() -> mesh.send(() -> codesApi.issuePaymentCodeWithHttpInfo(
                as(insured(pair.relative)))));
        if (code == null || code.status() != 201) {
            record(client, "payment-code", start, outcomeOf(code),
                    code == null ? "no answer" : code.status() + " " + code.code());
            return true;
        }
        long amount = 100 * (1 + ThreadLocalRandom.current().nextLong(60));
        PaymentRequest body = Fixtures.payment(code.text("code"), pair.relative, amount, "MEDICAL_INSTITUTION")
                .capture(capture);
        Payment payment = new Payment(providers.get(client), UUID.randomUUID().toString(), body, amount);
        payments.add(payment);
        Reply paid = outcomes.call(() -> payCall(payment));
        String type = capture ? "pay" : "authorize";
        if (outcomeOf(paid) == Outcome.UNKNOWN) {
            payment.created = Outcome.UNKNOWN;
            record(client, type, start, Outcome.UNKNOWN, paid == null ? "no answer" : paid.status() + "");
            return true;
        }
        if (paid.status() != 201) {
            payment.created = Outcome.REFUSED;
            record(client, type, start, Outcome.REFUSED, paid.status() + " " + paid.code());
            return false;
        }
        payment.created = Outcome.OK;
        payment.id = paid.text("paymentId");
        payment.status = paid.text("status");
        record(client, type, start, Outcome.OK, payment.id + " " + payment.status + " " + amount);
        if (capture) {
            refundable.add(payment);
            return false;
        }
        boolean captureIt = ThreadLocalRandom.current().nextInt(10) < 6;
        long finishStart = millis();
        String finishKey = UUID.randomUUID().toString();
        Reply finished = outcomes.call(() -> mesh.send(() -> captureIt
                ? paymentsApi.capturePaymentWithHttpInfo(payment.id, finishKey, as(payment.providerToken))
                : paymentsApi.voidPaymentPaymentWithHttpInfo(payment.id, finishKey, as(payment.providerToken))));
        String finishType = captureIt ? "capture" : "void";
        if (outcomeOf(finished) == Outcome.UNKNOWN) {
            payment.finishUnknown = true;
            record(client, finishType, finishStart, Outcome.UNKNOWN, payment.id);
            return true;
        }
        if (finished.ok()) {
            payment.status = finished.text("status");
            record(client, finishType, finishStart, Outcome.OK, payment.id + " " + payment.status);
            if ("CAPTURED".equals(payment.status)) {
                refundable.add(payment);
            }
        } else {
            // e.g. PAYMENT_NOT_AUTHORIZED: a release voided the hold first; the read at the end says which
            payment.finishUnknown = true;
            record(client, finishType, finishStart, Outcome.REFUSED, payment.id + " " + finished.code());
        }
        return false;
    }

    private boolean refund(String client, ThreadLocalRandom random) {
        if (refundable.isEmpty()) {
            return false;
        }
        Payment payment = refundable.get(random.nextInt(refundable.size()));
        long left = payment.amount - payment.refundedKnown.get();
        if (left <= 0) {
            return false;
        }
        long start = millis();
        Refund refund = new Refund(payment, 1 + random.nextLong(Math.min(left, 2_000)), UUID.randomUUID().toString());
        refunds.add(refund);
        Reply answer = outcomes.call(() -> refundCall(refund));
        refund.outcome = outcomeOf(answer);
        if (refund.outcome == Outcome.OK) {
            payment.refundedKnown.addAndGet(refund.amount);
        }
        record(client, "refund", start, refund.outcome, payment.id + " " + refund.amount
                + (answer == null ? " no answer" : " " + answer.status() + " " + answer.code()));
        return refund.outcome == Outcome.UNKNOWN;
    }

    private boolean grant(String client, Pair pair, ThreadLocalRandom random) {
        String relation = pair.relation.get();
        if (relation == null) {
            return false;
        }
        long start = millis();
        long total = 1_000 * (2 + random.nextLong(60));
        Reply set = outcomes.call(() -> mesh.send(() -> quotasApi.setQuotaWithHttpInfo(relation,
                new QuotaRequest().amountFen(total), as(insured(pair.benefactor.id)))));
        Outcome outcome = outcomeOf(set);
        record(client, "grant", start, outcome, relation + " " + total
                + (set == null ? " no answer" : " " + set.status() + " " + set.code()));
        return outcome == Outcome.UNKNOWN;
    }

    private boolean credit(String client, Benefactor b, ThreadLocalRandom random) {
        long start = millis();
        Credit credit = new Credit(b.id, 100 * (100 + random.nextLong(900)), "bank-" + UUID.randomUUID());
        credits.add(credit);
        Reply answer = outcomes.call(() -> creditCall(credit, agency(client)));
        credit.outcome = outcomeOf(answer);
        record(client, "credit", start, credit.outcome, b.id + " " + credit.amount
                + (answer == null ? " no answer" : " " + answer.status() + " " + answer.code()));
        return credit.outcome == Outcome.UNKNOWN;
    }

    private boolean dissolve(String client, Pair pair, ThreadLocalRandom random) {
        String relation = pair.relation.get();
        if (relation == null) {
            return false;
        }
        long start = millis();
        String token = switch (random.nextInt(3)) {
            case 0 -> insured(pair.benefactor.id);
            case 1 -> insured(pair.relative);
            default -> agency(client);
        };
        Reply answer = outcomes.call(() -> mesh.send(() -> relationsApi.dissolveRelationWithHttpInfo(relation,
                as(token))));
        Outcome outcome = outcomeOf(answer);
        if (outcome == Outcome.OK) {
            pair.relation.compareAndSet(relation, null);
        }
        record(client, "dissolve", start, outcome, relation
                + (answer == null ? " no answer" : " " + answer.status() + " " + answer.code()));
        return outcome == Outcome.UNKNOWN;
    }

    /** A new relationship for a pair whose last one was dissolved (refused while the old one is still ending). */
    private boolean reestablish(String client, Pair pair) {
        if (pair.relation.get() != null) {
            return false;
        }
        long start = millis();
        Establish establish = new Establish().benefactorId(pair.benefactor.id).beneficiaryId(pair.relative)
                .kinship(Establish.KinshipEnum.fromValue(pair.kinship));
        Reply created = outcomes.call(() -> mesh.send(() -> relationsApi.establishRelationWithHttpInfo(establish,
                as(agency(client)))));
        Outcome outcome = outcomeOf(created);
        if (outcome == Outcome.OK) {
            pair.relation.compareAndSet(null, created.text("relationId"));
        } else if (outcome == Outcome.REFUSED) {
            Outcomes.pause(100); // mostly RELATION_EXISTS: the last one is still ending
        }
        record(client, "establish", start, outcome, pair.benefactor.id + "->" + pair.relative
                + (created == null ? " no answer" : " " + created.status() + " " + created.code()));
        return outcome == Outcome.UNKNOWN;
    }

    /** A benefactor moves to the province's other pooling area: every relationship of theirs ends (saga). */
    private boolean transfer(String client, Benefactor b) {
        String from = b.area;
        if (b.transferred || transfers.get() >= 2) {
            return false;
        }
        synchronized (b) {
            if (b.transferred) {
                return false;
            }
            b.transferred = true;
            transfers.incrementAndGet();
            long start = millis();
            String to = from.equals(AREAS[0]) ? AREAS[1] : AREAS[0];
            Reply answer = outcomes.call(() -> mesh.send(() -> transfersApi.fileTransferWithHttpInfo(b.id,
                    new TransferRequest().toPoolingArea(to), as(agency(client)))));
            Outcome outcome = outcomeOf(answer);
            b.area = outcome == Outcome.OK ? to : outcome == Outcome.UNKNOWN ? null : from;
            if (outcome == Outcome.OK) {
                pairs.stream().filter(p -> p.benefactor == b).forEach(p -> p.relation.set(null));
            }
            record(client, "transfer", start, outcome, b.id + " " + from + "->" + to
                    + (answer == null ? " no answer" : " " + answer.status() + " " + answer.code()));
            return outcome == Outcome.UNKNOWN;
        }
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** SIGKILL the wallet and relation-service, start both again; then SIGKILL the broker and start it again. */
    private List<Nemesis.Fault> nemesis() {
        List<Nemesis.Fault> faults = new ArrayList<>();
        awaitOps(40);
        faults.add(Nemesis.kill("wallet", "KILL"));
        awaitOps(history.size() + 15);
        faults.add(Nemesis.kill("relation", "KILL"));
        CompletableFuture<Nemesis.Fault> wallet = CompletableFuture.supplyAsync(() -> Nemesis.start("wallet"));
        CompletableFuture<Nemesis.Fault> relation = CompletableFuture.supplyAsync(() -> Nemesis.start("relation"));
        faults.add(wallet.join());
        faults.add(relation.join());
        awaitOps(history.size() + 40);
        faults.add(Nemesis.kill("kafka", "KILL"));
        faults.add(Nemesis.start("kafka"));
        return faults;
    }

    private void awaitOps(long count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> history.size() >= count);
    }

    // ------------------------------------------------------------------------------------------------ afterwards

    /** Unknown outcomes, resolved as a client would: the same request again (same key or reference) until definite. */
    private void resolveUnknowns() {
        long resolved = 0;
        for (Credit credit : credits) {
            if (credit.outcome == Outcome.UNKNOWN) {
                Reply answer = Outcomes.orFail(outcomes.untilDefinite(() -> creditCall(credit, agency()), PATIENCE),
                        "credit");
                credit.outcome = answer.ok() ? Outcome.OK : Outcome.REFUSED;
                resolved++;
            }
        }
        for (Payment payment : payments) {
            if (payment.created == Outcome.UNKNOWN) {
                Reply answer = Outcomes.orFail(outcomes.untilDefinite(() -> payCall(payment), PATIENCE),
                        "payment " + payment.key);
                payment.created = answer.status() == 201 ? Outcome.OK : Outcome.REFUSED;
                if (payment.created == Outcome.OK) {
                    payment.id = answer.text("paymentId");
                    payment.status = answer.text("status");
                }
                resolved++;
            }
        }
        for (Refund refund : refunds) {
            if (refund.outcome == Outcome.UNKNOWN) {
                Reply answer = Outcomes.orFail(outcomes.untilDefinite(() -> refundCall(refund), PATIENCE), "refund");
                refund.outcome = answer.ok() ? Outcome.OK : Outcome.REFUSED;
                if (refund.outcome == Outcome.OK) {
                    refund.payment.refundedKnown.addAndGet(refund.amount);
                }
                resolved++;
            }
        }
        System.out.printf("[bank] %d unknown outcomes of money movements resolved by replay%n", resolved);
    }

    record Totals(long credited, long captured, long refunded, long capturedLines, long payments, long voided) {
    }

    /**
     * Every payment read once more (holds still open are voided first, so nothing stays held): its final status is
     * the one the client knew, where it knew it; the refunds it shows are exactly those the client was told of.
     */
    private Totals finalTotals() {
        long credited = credits.stream().filter(c -> c.outcome == Outcome.OK).mapToLong(c -> c.amount).sum();
        long captured = 0;
        long lines = 0;
        long created = 0;
        long voided = 0;
        for (Payment payment : payments) {
            if (payment.created != Outcome.OK) {
                continue;
            }
            created++;
            Reply read = readPayment(payment);
            if ("AUTHORIZED".equals(read.text("status"))) {
                // a hold nobody finished (its capture or void went unanswered): the client lets it go
                read = mesh.until(() -> {
                    outcomes.untilDefinite(() -> mesh.send(() -> paymentsApi.voidPaymentPaymentWithHttpInfo(payment.id,
                            "bank-void-" + payment.id, as(payment.providerToken))), PATIENCE);
                    return readPayment(payment);
                }, r -> !"AUTHORIZED".equals(r.text("status")), PATIENCE);
            }
            String status = read.text("status");
            if (!payment.finishUnknown && payment.status != null && !"AUTHORIZED".equals(payment.status)) {
                assertThat(status).as("payment %s as the client knew it", payment.id).isEqualTo(payment.status);
            }
            assertThat(read.fen("amountFen")).isEqualTo(payment.amount);
            assertThat(read.fen("refundedFen")).as("refunds of %s", payment.id).isEqualTo(payment.refundedKnown.get());
            if ("CAPTURED".equals(status)) {
                captured += payment.amount;
                lines += read.body().path("lines").size();
            } else {
                assertThat(status).isEqualTo("VOIDED");
                assertThat(payment.refundedKnown.get()).isZero();
                voided++;
            }
        }
        long refunded = refunds.stream().filter(r -> r.outcome == Outcome.OK).mapToLong(r -> r.amount).sum();
        return new Totals(credited, captured, refunded, lines, created, voided);
    }

    private Reply readPayment(Payment payment) {
        return mesh.until(() -> mesh.send(() -> paymentsApi.getPaymentWithHttpInfo(payment.id,
                as(payment.providerToken))), Reply::ok, PATIENCE);
    }

    /** Until no relationship of the test's benefactors is still ending (sagas done after the faults). */
    private void awaitQuiescence() {
        long t = System.nanoTime();
        // a transfer is carried out (the account moves) only once the registry's event reached relation-service and
        // every saga it started has released its quota: until then a relationship may still be about to end
        for (Benefactor b : benefactors) {
            String area = mesh.until(() -> mesh.send(() -> personsApi.getPersonWithHttpInfo(b.id, as(agency()))),
                    Reply::ok, PATIENCE).body().path("enrollment").path("poolingArea").asString();
            mesh.until(() -> mesh.send(() -> accountsApi.getAccountWithHttpInfo(b.id, as(agency()))),
                    r -> r.ok() && area.equals(r.text("poolingArea")), PATIENCE);
        }
        for (Benefactor b : benefactors) {
            mesh.until(() -> mesh.send(() -> relationsApi.mineRelationWithHttpInfo("BENEFACTOR", "DISSOLVING", null, 200,
                    as(insured(b.id)))), r -> r.ok() && items(r.body()).isEmpty(), PATIENCE);
        }
        System.out.printf("[bank] every saga finished %d ms after the load%n", (System.nanoTime() - t) / 1_000_000);
    }

    private List<String> frozenProblems() {
        List<String> problems = new ArrayList<>();
        long dissolved = 0;
        long active = 0;
        for (Benefactor b : benefactors) {
            Map<String, JsonNode> relations = new LinkedHashMap<>();
            for (JsonNode r : items(mesh.send(() -> relationsApi.mineRelationWithHttpInfo("BENEFACTOR", null, null, 200,
                    as(insured(b.id)))).expect(200).body())) {
                relations.put(r.path("relationId").asString(), r);
            }
            Map<String, List<Long>> releases = releasesInJournal(b.id);
            long heldBack = 0;
            for (JsonNode q : items(mesh.send(() -> quotasApi.mineQuotaWithHttpInfo(null, 200, as(insured(b.id))))
                    .expect(200).body())) {
                if (!"GIVEN".equals(q.path("role").asString())) {
                    continue;
                }
                String relationId = q.path("relationId").asString();
                JsonNode relation = relations.get(relationId);
                String relationStatus = relation == null ? "?" : relation.path("status").asString();
                String quotaStatus = q.path("status").asString();
                if ("ACTIVE".equals(quotaStatus)) {
                    heldBack += q.path("remainingFen").asLong() + q.path("heldFen").asLong();
                }
                if ("DISSOLVED".equals(relationStatus)) {
                    dissolved++;
                    long sagaReleased = relation.path("dissolution").path("releasedFen").asLong();
                    if (!"RELEASED".equals(quotaStatus) || q.path("remainingFen").asLong() != 0
                            || q.path("heldFen").asLong() != 0) {
                        problems.add("relation " + relationId + " DISSOLVED (released " + sagaReleased
                                + ") but its quota is " + q);
                    }
                    // returned exactly once: one release in the journal, of the amount the saga reported (a refund
                    // after the release goes to the available balance as a refund, not as another release)
                    List<Long> journaled = releases.getOrDefault(relationId, List.of());
                    if (!journaled.equals(sagaReleased == 0 ? List.of() : List.of(sagaReleased))) {
                        problems.add("relation " + relationId + " released " + sagaReleased + " fen by its saga, "
                                + "journal QUOTA_RELEASE entries " + journaled);
                    }
                } else if ("ACTIVE".equals(relationStatus)) {
                    active++;
                    if (!"ACTIVE".equals(quotaStatus)) {
                        problems.add("relation " + relationId + " ACTIVE but its quota is " + q);
                    }
                } else {
                    problems.add("relation " + relationId + " is " + relationStatus + ", its quota " + q);
                }
            }
            Reply account = mesh.send(() -> accountsApi.getAccountWithHttpInfo(b.id, as(insured(b.id)))).expect(200);
            if (account.fen("frozenFen") != heldBack) {
                problems.add("benefactor " + b.id + " has " + account.fen("frozenFen") + " fen frozen but "
                        + heldBack + " on ACTIVE quotas");
            }
        }
        System.out.printf("[bank] quotas checked: %d of DISSOLVED relationships, %d of ACTIVE ones%n", dissolved,
                active);
        return problems;
    }

    /** relationId → the amounts of its QUOTA_RELEASE journal entries on the benefactor's account. */
    private Map<String, List<Long>> releasesInJournal(String benefactorId) {
        Map<String, List<Long>> releases = new LinkedHashMap<>();
        for (int page = 0; page < 50; page++) {
            int p = page;
            List<JsonNode> entries = items(mesh.send(() -> accountsApi.journalAccountWithHttpInfo(benefactorId, p, 200,
                    as(insured(benefactorId)))).expect(200).body());
            for (JsonNode entry : entries) {
                if ("QUOTA_RELEASE".equals(entry.path("kind").asString())) {
                    releases.computeIfAbsent(entry.path("reference").asString(), k -> new ArrayList<>())
                            .add(-entry.path("frozenDeltaFen").asLong());
                }
            }
            if (entries.size() < 200) {
                break;
            }
        }
        return releases;
    }

    private static List<JsonNode> items(JsonNode body) {
        JsonNode list = body.isArray() ? body : body.path("items");
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return items;
    }

    private void printHistory(List<Nemesis.Fault> faults, Totals totals, long expected, long actual) {
        Map<String, Map<Outcome, Long>> byType = new TreeMap<>();
        for (Op op : history) {
            byType.computeIfAbsent(op.type(), t -> new TreeMap<>()).merge(op.outcome(), 1L, Long::sum);
        }
        System.out.println("[bank] history: " + history.size() + " operations by " + CLIENTS + " clients: " + byType);
        Map<String, Long> refusals = new TreeMap<>();
        for (Op op : history) {
            if (op.outcome() == Outcome.REFUSED) {
                refusals.merge(op.type() + " " + op.detail().substring(op.detail().lastIndexOf(' ') + 1), 1L,
                        Long::sum);
            }
        }
        System.out.println("[bank] refusals by code: " + refusals);
        System.out.println("[bank] faults injected:");
        faults.forEach(f -> System.out.println("[bank]   " + f));
        System.out.printf("[bank] credits %d - captured %d (%d payments, %d voided of %d created) + refunds %d "
                + "= %d fen expected; the accounts hold %d fen: %s%n", totals.credited, totals.captured,
                totals.payments - totals.voided, totals.voided, totals.payments, totals.refunded, expected, actual,
                expected == actual ? "INVARIANT HOLDS" : "INVARIANT VIOLATED by " + (actual - expected) + " fen");
        List<Op> unknown = history.stream().filter(op -> op.outcome() == Outcome.UNKNOWN).limit(5).toList();
        if (!unknown.isEmpty()) {
            System.out.println("[bank] first unknown outcomes: " + unknown);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The payment's request, sent again as it was at first: same body, same Idempotency-Key. */
    private Reply payCall(Payment payment) {
        return mesh.send(() -> paymentsApi.payPaymentWithHttpInfo(payment.body, payment.key, as(payment.providerToken)));
    }

    private Reply creditCall(Credit credit, String agencyToken) {
        CreditRequest body = new CreditRequest().amountFen(credit.amount).reference(credit.reference);
        return mesh.send(() -> accountsApi.creditAccountWithHttpInfo(credit.personId, body, credit.key, as(agencyToken)));
    }

    private Reply refundCall(Refund refund) {
        return mesh.send(() -> paymentsApi.refundPaymentWithHttpInfo(refund.payment.id,
                new RefundRequest().amountFen(refund.amount), refund.key, as(refund.payment.providerToken)));
    }

    /** An agency operator per client: the gateway limits rates per caller, as it would for real operators. */
    private String agency(String client) {
        return tokens.computeIfAbsent("agency-" + client, k -> mesh.token("agency-" + PROVINCE + "-" + client,
                PROVINCE, "AGENCY"));
    }

    private String agency() {
        return tokens.computeIfAbsent("agency", k -> fx.agency(PROVINCE));
    }

    private String insured(String personId) {
        return tokens.computeIfAbsent(personId, fx::insured);
    }

    /** No answer or a 5xx: unknown; 429: turned away by the gateway, nothing done; otherwise what the status says. */
    private static Outcome outcomeOf(Reply reply) {
        if (Outcomes.throttled(reply)) {
            return Outcome.REFUSED;
        }
        return !Outcomes.definite(reply) ? Outcome.UNKNOWN : reply.ok() ? Outcome.OK : Outcome.REFUSED;
    }

    private void record(String client, String type, long startMs, Outcome outcome, String detail) {
        history.add(new Op(opIndex.incrementAndGet(), client, type, startMs, millis(), outcome, detail));
    }

    private long millis() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private long seconds() {
        return millis() / 1000;
    }

    @AfterAll
    static void meshIsWhole() {
        Nemesis.ensureRunning();
    }
}
