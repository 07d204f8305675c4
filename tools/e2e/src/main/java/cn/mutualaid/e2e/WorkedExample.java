package cn.mutualaid.e2e;

import static cn.mutualaid.e2e.MeshClient.as;

import cn.mutualaid.client.api.ClearingPeriodsApi;
import cn.mutualaid.client.api.DesignatedProvidersApi;
import cn.mutualaid.client.api.EnrollmentApi;
import cn.mutualaid.client.api.KinshipApi;
import cn.mutualaid.client.api.LedgerCheckApi;
import cn.mutualaid.client.api.PaymentCodesApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.api.PersonalAccountsApi;
import cn.mutualaid.client.api.PersonsApi;
import cn.mutualaid.client.api.QuotasApi;
import cn.mutualaid.client.api.RegionsAndRolloutApi;
import cn.mutualaid.client.api.RelationshipsApi;
import cn.mutualaid.client.api.TransfersApi;
import cn.mutualaid.client.api.WalletsApi;
import cn.mutualaid.client.model.CreditRequest;
import cn.mutualaid.client.model.EnrollRequest;
import cn.mutualaid.client.model.Establish;
import cn.mutualaid.client.model.Evidence;
import cn.mutualaid.client.model.KinshipRequest;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.client.model.ProviderRequest;
import cn.mutualaid.client.model.QuotaRequest;
import cn.mutualaid.client.model.RegisterRequest;
import cn.mutualaid.client.model.RolloutRequest;
import cn.mutualaid.client.model.TransferRequest;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * docs/domain.md rule 11, played through the gateway: Li Ming (employee-insured in Suzhou) lets his father (resident-
 * insured in Zhengzhou) pay a 100-yuan share from his personal account; then Li Ming transfers to Chengdu and the
 * unused quota comes back to him. Every call is one of the generated client's ({@code mesh-client}), as a hospital
 * vendor or a province's system would make it.
 */
public final class WorkedExample {
    static final Duration PROPAGATION = Duration.ofSeconds(60);
    static final String SUZHOU = "320500";
    static final String ZHENGZHOU = "410100";
    static final String CHENGDU = "510100";

    private final MeshClient mesh;
    private final PrintStream out;

    /** What the example ends with, for the end-to-end test to assert. */
    public record Outcome(String liMing, String father, String relationId, String paymentId, long creditedFen,
            long quotaFen, long paidFen, Reply accountAfterPayment, Reply relationAfterTransfer,
            Reply accountAfterTransfer, Reply ledgerCheck, String period) {
    }

    public WorkedExample(MeshClient mesh, PrintStream out) {
        this.mesh = mesh;
        this.out = out;
    }

    /** {@code [gatewayUrl] [--data-set NAME]}: with a data set, its rollout is loaded first (datasets/rollout-NAME.csv). */
    public static void main(String[] args) {
        String gateway = System.getenv().getOrDefault("MESH_GATEWAY_URL", "http://localhost:8080");
        String dataSet = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-set") && i + 1 < args.length) {
                dataSet = args[++i];
            } else {
                gateway = args[i];
            }
        }
        MeshClient mesh = new MeshClient(gateway);
        if (dataSet != null) {
            new RolloutDataSet(mesh, System.out).load(dataSet);
        }
        new WorkedExample(mesh, System.out).run();
    }

    public Outcome run() {
        String suzhouAgency = mesh.token("agency-suzhou", SUZHOU, "AGENCY");
        String zhengzhouAgency = mesh.token("agency-zhengzhou", ZHENGZHOU, "AGENCY");
        String admin = mesh.token("rollout-admin", null, "ADMIN");
        String clearing = mesh.token("clearing-centre", null, "CLEARING");

        step("Register Li Ming (employee, Suzhou 320500) and his father (resident, Zhengzhou 410100)");
        String liMing = register(suzhouAgency, IdNumbers.random(SUZHOU, LocalDate.of(1968, 3, 15), true), "李明");
        String father = register(zhengzhouAgency, IdNumbers.random(ZHENGZHOU, LocalDate.of(1941, 8, 2), true), "李父");
        EnrollmentApi enrollment = mesh.api(EnrollmentApi::new);
        mesh.send(() -> enrollment.enrollEnrollmentWithHttpInfo(liMing, new EnrollRequest()
                .scheme(EnrollRequest.SchemeEnum.EMPLOYEE).poolingArea(SUZHOU), as(suzhouAgency))).expect(201);
        mesh.send(() -> enrollment.enrollEnrollmentWithHttpInfo(father, new EnrollRequest()
                .scheme(EnrollRequest.SchemeEnum.RESIDENT).poolingArea(ZHENGZHOU), as(zhengzhouAgency))).expect(201);
        say("Li Ming %s, father %s", liMing, father);

        step("Verify the kinship: the father is Li Ming's PARENT (recorded by the Suzhou agency)");
        KinshipRequest kinship = new KinshipRequest().personId(liMing).relativeId(father)
                .kinship(KinshipRequest.KinshipEnum.PARENT).evidence(new Evidence()
                        .kind(Evidence.KindEnum.BIRTH_CERTIFICATE).reference("O410100-1962-000123"));
        mesh.send(() -> mesh.api(KinshipApi::new).recordKinshipWithHttpInfo(kinship, as(suzhouAgency))).expect(201);

        step("Turn on cross-province aid for Jiangsu (320000) and Henan (410000)");
        RolloutRequest rollout = new RolloutRequest().crossProvince(true)
                .kinshipScope(RolloutRequest.KinshipScopeEnum.CLOSE_RELATIVES)
                .effectiveFrom(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(60));
        for (String province : new String[] {"320000", "410000"}) {
            mesh.send(() -> mesh.api(RegionsAndRolloutApi::new).changeRolloutRegionWithHttpInfo(province, rollout,
                    as(admin))).expect(200);
        }

        step("Both open the app's medical-insurance wallet (医保钱包) and activate it");
        String liMingToken = mesh.token(liMing, null, "INSURED");
        String fatherToken = mesh.token(father, null, "INSURED");
        WalletsApi wallets = mesh.api(WalletsApi::new);
        for (String[] owner : new String[][] {{liMing, liMingToken}, {father, fatherToken}}) {
            Reply activated = mesh.until(() -> mesh.send(() -> wallets.activateWalletWithHttpInfo(owner[0],
                    as(owner[1]))), Reply::ok, PROPAGATION).expect(200);
            say("wallet of %s active since %s", owner[0], activated.text("activatedAt"));
        }

        step("Li Ming proposes mutual aid for his father; the father consents");
        RelationshipsApi relations = mesh.api(RelationshipsApi::new);
        Establish proposal = new Establish().beneficiaryId(father).kinship(Establish.KinshipEnum.PARENT);
        Reply proposed = mesh.until(() -> mesh.send(() -> relations.establishRelationWithHttpInfo(proposal,
                as(liMingToken))), r -> r.status() == 201, PROPAGATION);
        String relationId = proposed.text("relationId");
        say("relation %s: %s, scope %s", relationId, proposed.text("status"), proposed.text("scope"));
        Reply consent = mesh.send(() -> relations.consentRelationWithHttpInfo(relationId, as(fatherToken))).expect(200);
        say("after consent: %s", consent.text("status"));

        step("The Suzhou agency credits Li Ming's personal account with 500.00 yuan");
        long credited = 50_000;
        PersonalAccountsApi accounts = mesh.api(PersonalAccountsApi::new);
        CreditRequest allocation = new CreditRequest().amountFen(credited).reference("allocation-" + UUID.randomUUID());
        String creditKey = UUID.randomUUID().toString();
        mesh.until(() -> mesh.send(() -> accounts.creditAccountWithHttpInfo(liMing, allocation, creditKey,
                as(suzhouAgency))), r -> r.status() == 201, PROPAGATION);
        printAccount("Li Ming", liMing, liMingToken);

        step("Li Ming sets a quota of 300.00 yuan for his father (frozen, not moved)");
        long quota = 30_000;
        QuotasApi quotas = mesh.api(QuotasApi::new);
        Reply quotaReply = mesh.until(() -> mesh.send(() -> quotas.setQuotaWithHttpInfo(relationId,
                new QuotaRequest().amountFen(quota), as(liMingToken))), Reply::ok, PROPAGATION);
        say("quota %s: granted %s, remaining %s", quotaReply.text("quotaId"), fen(quotaReply.fen("grantedFen")),
                fen(quotaReply.fen("remainingFen")));
        printAccount("Li Ming", liMing, liMingToken);

        step("A Zhengzhou hospital is designated; the father pays his 100-yuan share with his own code");
        ProviderRequest provider = new ProviderRequest().name("郑州市第一人民医院")
                .type(ProviderRequest.TypeEnum.MEDICAL_INSTITUTION).poolingArea(ZHENGZHOU);
        String hospital = mesh.send(() -> mesh.api(DesignatedProvidersApi::new).registerProviderWithHttpInfo(provider,
                as(zhengzhouAgency))).expect(201).text("providerId");
        String hospitalToken = mesh.token(hospital, null, "PROVIDER");
        long paid = 10_000;
        String idempotencyKey = UUID.randomUUID().toString();
        PaymentCodesApi codes = mesh.api(PaymentCodesApi::new);
        PaymentsApi payments = mesh.api(PaymentsApi::new);
        Reply payment = mesh.until(() -> {
            String code = mesh.send(() -> codes.issuePaymentCodeWithHttpInfo(as(fatherToken))).expect(201).text("code");
            PaymentRequest request = new PaymentRequest().paymentCode(code).patientId(father).amountFen(paid)
                    .category(PaymentRequest.CategoryEnum.MEDICAL_INSTITUTION).capture(true);
            return mesh.send(() -> payments.payPaymentWithHttpInfo(request, idempotencyKey + code, as(hospitalToken)));
        }, r -> r.status() == 201, PROPAGATION);
        say("payment %s %s, lines %s", payment.text("paymentId"), payment.text("status"), payment.body().path("lines"));
        Reply accountAfterPayment = printAccount("Li Ming", liMing, liMingToken);

        step("Li Ming's insurance is transferred to Chengdu (510100): the relationship ends, the quota comes back");
        mesh.send(() -> mesh.api(TransfersApi::new).fileTransferWithHttpInfo(liMing,
                new TransferRequest().toPoolingArea(CHENGDU), as(suzhouAgency))).expect(202);
        Reply dissolved = mesh.until(() -> mesh.send(() -> relations.getRelationWithHttpInfo(relationId, as(liMingToken))),
                r -> "DISSOLVED".equals(r.text("status")), PROPAGATION);
        say("relation %s, released %s, saga %s", dissolved.text("status"),
                fen(dissolved.body().path("dissolution").path("releasedFen").asLong()),
                dissolved.body().path("dissolution").path("sagaId"));
        Reply accountAfterTransfer = mesh.until(() -> mesh.send(() -> accounts.getAccountWithHttpInfo(liMing,
                as(liMingToken))), r -> CHENGDU.equals(r.text("poolingArea")), PROPAGATION);
        printAccount("Li Ming", liMing, liMingToken);

        step("This month's clearing so far and the ledger check");
        String period = YearMonth.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyyMM"));
        ClearingPeriodsApi periods = mesh.api(ClearingPeriodsApi::new);
        Reply month = mesh.until(() -> mesh.send(() -> periods.getPeriodWithHttpInfo(period, as(clearing))),
                r -> r.ok() && r.fen("totalFen") > 0, PROPAGATION);
        say("period %s: %s, total %s in %s uses", period, month.text("status"), fen(month.fen("totalFen")), month.fen("uses"));
        Reply ledger = mesh.send(() -> mesh.api(LedgerCheckApi::new).checkLedgerWithHttpInfo(as(clearing))).expect(200);
        say("ledger check: ok=%s over %s accounts", ledger.body().path("ok").asBoolean(), ledger.fen("accounts"));

        return new Outcome(liMing, father, relationId, payment.text("paymentId"), credited, quota, paid,
                accountAfterPayment, dissolved, accountAfterTransfer, ledger, period);
    }

    private String register(String agencyToken, String idNumber, String name) {
        Reply reply = mesh.send(() -> mesh.api(PersonsApi::new).registerPersonWithHttpInfo(new RegisterRequest()
                .idNumber(idNumber).name(name), as(agencyToken)));
        if (reply.status() == 409) {
            return reply.text("personId");
        }
        return reply.expect(201).text("personId");
    }

    private Reply printAccount(String who, String personId, String token) {
        Reply account = mesh.send(() -> mesh.api(PersonalAccountsApi::new).getAccountWithHttpInfo(personId, as(token)))
                .expect(200);
        say("%s's account (%s): balance %s = available %s + frozen %s", who, account.text("poolingArea"),
                fen(account.fen("balanceFen")), fen(account.fen("availableFen")), fen(account.fen("frozenFen")));
        return account;
    }

    private void step(String what) {
        out.println();
        out.println("== " + what);
    }

    private void say(String format, Object... args) {
        out.println("   " + String.format(format, args));
    }

    static String fen(long fen) {
        return String.format("%s%d.%02d yuan", fen < 0 ? "-" : "", Math.abs(fen) / 100, Math.abs(fen) % 100);
    }
}
