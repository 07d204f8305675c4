package cn.mutualaid.e2e;

import static cn.mutualaid.e2e.MeshClient.as;

import cn.mutualaid.client.api.DesignatedProvidersApi;
import cn.mutualaid.client.api.EnrollmentApi;
import cn.mutualaid.client.api.KinshipApi;
import cn.mutualaid.client.api.PaymentCodesApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.api.PersonalAccountsApi;
import cn.mutualaid.client.api.PersonsApi;
import cn.mutualaid.client.api.QuotasApi;
import cn.mutualaid.client.api.RegionsAndRolloutApi;
import cn.mutualaid.client.api.RelationshipsApi;
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
import cn.mutualaid.e2e.MeshClient.Reply;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds people, relationships, quotas and payments through the gateway, the way agencies and apps would: with the
 * generated client's API classes.
 */
public final class Fixtures {
    public static final Duration PROPAGATION = Duration.ofSeconds(60);
    /** Every fen the end-to-end tests have captured (minus refunds) in this JVM's mesh, this month. */
    public static final AtomicLong SPENT_FEN = new AtomicLong();
    public static final AtomicLong USES = new AtomicLong();

    private final MeshClient mesh;

    public Fixtures(MeshClient mesh) {
        this.mesh = mesh;
    }

    public String agency(String area) {
        return mesh.token("agency-" + area, area, "AGENCY");
    }

    public String insured(String personId) {
        return mesh.token(personId, null, "INSURED");
    }

    public String clearing() {
        return mesh.token("clearing-centre", null, "CLEARING");
    }

    public String admin() {
        return mesh.token("rollout-admin", null, "ADMIN");
    }

    /**
     * Registers and enrolls a person in a pooling area and activates their wallet (as every quota and payment code
     * needs); returns the personId.
     */
    public String person(String area, String scheme) {
        String personId = inactivePerson(area, scheme);
        activate(personId);
        return personId;
    }

    /** Registers and enrolls a person whose wallet nobody has activated yet; returns the personId. */
    public String inactivePerson(String area, String scheme) {
        String agency = agency(area);
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(20_000));
        PersonsApi persons = mesh.api(PersonsApi::new);
        Reply registered = mesh.until(() -> mesh.send(() -> persons.registerPersonWithHttpInfo(new RegisterRequest()
                .idNumber(IdNumbers.random(area, birth, ThreadLocalRandom.current().nextBoolean())).name("测试"),
                as(agency))), r -> r.status() == 201, Duration.ofSeconds(10));
        String personId = registered.text("personId");
        mesh.send(() -> mesh.api(EnrollmentApi::new).enrollEnrollmentWithHttpInfo(personId, new EnrollRequest()
                .scheme(EnrollRequest.SchemeEnum.fromValue(scheme)).poolingArea(area), as(agency))).expect(201);
        return personId;
    }

    /** The owner activates their wallet, retried while the wallet catches up on the registry (404 until then). */
    public Reply activate(String personId) {
        WalletsApi wallets = mesh.api(WalletsApi::new);
        return mesh.until(() -> mesh.send(() -> wallets.activateWalletWithHttpInfo(personId, as(insured(personId)))),
                Reply::ok, PROPAGATION).expect(200);
    }

    public void kinship(String area, String personId, String relativeId, String kinship) {
        KinshipRequest request = new KinshipRequest().personId(personId).relativeId(relativeId)
                .kinship(KinshipRequest.KinshipEnum.fromValue(kinship))
                .evidence(new Evidence().kind(Evidence.KindEnum.HOUSEHOLD_REGISTER).reference("E2E-" + area));
        mesh.send(() -> mesh.api(KinshipApi::new).recordKinshipWithHttpInfo(request, as(agency(area)))).expect(201);
    }

    public void crossProvince(String province, boolean live) {
        RolloutRequest rollout = new RolloutRequest().crossProvince(live)
                .kinshipScope(RolloutRequest.KinshipScopeEnum.CLOSE_RELATIVES)
                .effectiveFrom(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(60));
        mesh.send(() -> mesh.api(RegionsAndRolloutApi::new).changeRolloutRegionWithHttpInfo(province, rollout, as(admin())))
                .expect(200);
    }

    /** A service-hall relationship (ACTIVE at once), retried while relation-service catches up on the registry. */
    public String relation(String agencyArea, String benefactor, String beneficiary, String kinship) {
        Establish establish = new Establish().benefactorId(benefactor).beneficiaryId(beneficiary)
                .kinship(Establish.KinshipEnum.fromValue(kinship));
        RelationshipsApi relations = mesh.api(RelationshipsApi::new);
        return mesh.until(() -> mesh.send(() -> relations.establishRelationWithHttpInfo(establish, as(agency(agencyArea)))),
                r -> r.status() == 201, PROPAGATION).expect(201).text("relationId");
    }

    /** One credit: its reference and Idempotency-Key fixed before the retries that wait for the account. */
    public void credit(String area, String personId, long fen) {
        CreditRequest body = new CreditRequest().amountFen(fen).reference("e2e-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        PersonalAccountsApi accounts = mesh.api(PersonalAccountsApi::new);
        mesh.until(() -> mesh.send(() -> accounts.creditAccountWithHttpInfo(personId, body, key, as(agency(area)))),
                r -> r.status() == 201, PROPAGATION);
    }

    public Reply quota(String benefactor, String relationId, long fen) {
        QuotasApi quotas = mesh.api(QuotasApi::new);
        return mesh.until(() -> mesh.send(() -> quotas.setQuotaWithHttpInfo(relationId, new QuotaRequest().amountFen(fen),
                as(insured(benefactor)))), Reply::ok, PROPAGATION);
    }

    /**
     * A designated provider. A 504 is asked again: the first call of a run may meet a service still warming up on a
     * loaded machine (a provider the timed-out call did register is only an unused extra one).
     */
    public String provider(String area, String type) {
        ProviderRequest provider = new ProviderRequest().name("e2e " + type)
                .type(ProviderRequest.TypeEnum.fromValue(type)).poolingArea(area);
        return mesh.until(() -> mesh.send(() -> mesh.api(DesignatedProvidersApi::new).registerProviderWithHttpInfo(provider,
                as(agency(area)))), r -> r.status() != 504, PROPAGATION).expect(201).text("providerId");
    }

    public String code(String personId) {
        return mesh.send(() -> mesh.api(PaymentCodesApi::new).issuePaymentCodeWithHttpInfo(as(insured(personId))))
                .expect(201).text("code");
    }

    /**
     * A captured payment by the patient's own code, counted in {@link #SPENT_FEN}; a contribution pays for
     * {@link #CONTRIBUTION_YEAR}.
     */
    public Reply pay(String providerId, String patientId, long fen, String category) {
        PaymentsApi payments = mesh.api(PaymentsApi::new);
        Reply paid = mesh.until(() -> mesh.send(() -> payments.payPaymentWithHttpInfo(
                payment(code(patientId), patientId, fen, category), UUID.randomUUID().toString(),
                as(mesh.token(providerId, null, "PROVIDER")))),
                r -> r.status() == 201 || !"PROVIDER_NOT_DESIGNATED".equals(r.code()), PROPAGATION);
        if (paid.status() == 201) {
            SPENT_FEN.addAndGet(fen);
            USES.incrementAndGet();
        }
        return paid;
    }

    /** The year a contribution pays for: 2025, whose resident standard is 40000 fen. */
    public static final int CONTRIBUTION_YEAR = 2025;

    /** A captured payment's request; RESIDENT_CONTRIBUTION and LTC_CONTRIBUTION name the year they pay for. */
    public static PaymentRequest payment(String code, String patientId, long fen, String category) {
        PaymentRequest request = new PaymentRequest().paymentCode(code).patientId(patientId).amountFen(fen)
                .category(PaymentRequest.CategoryEnum.fromValue(category)).capture(true);
        return category.endsWith("_CONTRIBUTION") ? request.contributionYear(CONTRIBUTION_YEAR) : request;
    }

    public Reply account(String personId) {
        return mesh.send(() -> mesh.api(PersonalAccountsApi::new).getAccountWithHttpInfo(personId, as(insured(personId))))
                .expect(200);
    }

    public static String currentPeriod() {
        return YearMonth.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyyMM"));
    }
}
