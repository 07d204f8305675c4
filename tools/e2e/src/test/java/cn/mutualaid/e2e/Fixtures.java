package cn.mutualaid.e2e;

import cn.mutualaid.e2e.MeshClient.Reply;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Builds people, relationships, quotas and payments through the gateway, the way agencies and apps would. */
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
        Reply registered = mesh.until(() -> mesh.post("/api/v1/persons", agency,
                Map.of("idNumber", IdNumbers.random(area, birth, ThreadLocalRandom.current().nextBoolean()), "name", "测试")),
                r -> r.status() == 201, Duration.ofSeconds(10));
        String personId = registered.text("personId");
        mesh.post("/api/v1/persons/" + personId + "/enrollment", agency,
                Map.of("scheme", scheme, "poolingArea", area)).expect(201);
        return personId;
    }

    /** The owner activates their wallet, retried while the wallet catches up on the registry (404 until then). */
    public Reply activate(String personId) {
        return mesh.until(() -> mesh.post("/api/v1/wallets/" + personId + "/activate", insured(personId), null),
                Reply::ok, PROPAGATION).expect(200);
    }

    public void kinship(String area, String personId, String relativeId, String kinship) {
        mesh.post("/api/v1/kinships", agency(area),
                Map.of("personId", personId, "relativeId", relativeId, "kinship", kinship,
                        "evidence", Map.of("kind", "HOUSEHOLD_REGISTER", "reference", "E2E-" + area))).expect(201);
    }

    public void crossProvince(String province, boolean live) {
        mesh.put("/api/v1/regions/provinces/" + province + "/rollout", admin(), Map.of("crossProvince", live,
                "kinshipScope", "CLOSE_RELATIVES", "effectiveFrom", java.time.Instant.now().minusSeconds(60).toString()))
                .expect(200);
    }

    /** A service-hall relationship (ACTIVE at once), retried while relation-service catches up on the registry. */
    public String relation(String agencyArea, String benefactor, String beneficiary, String kinship) {
        return mesh.until(() -> mesh.post("/api/v1/relations", agency(agencyArea),
                Map.of("benefactorId", benefactor, "beneficiaryId", beneficiary, "kinship", kinship)),
                r -> r.status() == 201, PROPAGATION).expect(201).text("relationId");
    }

    /** One credit: its reference and Idempotency-Key fixed before the retries that wait for the account. */
    public void credit(String area, String personId, long fen) {
        Map<String, Object> body = Map.of("amountFen", fen, "reference", "e2e-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        mesh.until(() -> mesh.post("/api/v1/accounts/" + personId + "/credits", agency(area), body, key),
                r -> r.status() == 201, PROPAGATION);
    }

    public Reply quota(String benefactor, String relationId, long fen) {
        return mesh.until(() -> mesh.put("/api/v1/relations/" + relationId + "/quota", insured(benefactor),
                Map.of("amountFen", fen)), Reply::ok, PROPAGATION);
    }

    /**
     * A designated provider. A 504 is asked again: the first call of a run may meet a service still warming up on a
     * loaded machine (a provider the timed-out call did register is only an unused extra one).
     */
    public String provider(String area, String type) {
        return mesh.until(() -> mesh.post("/api/v1/providers", agency(area),
                Map.of("name", "e2e " + type, "type", type, "poolingArea", area)), r -> r.status() != 504, PROPAGATION)
                .expect(201).text("providerId");
    }

    public String code(String personId) {
        return mesh.post("/api/v1/payment-codes", insured(personId), null).expect(201).text("code");
    }

    /** A captured payment by the patient's own code; counted in {@link #SPENT_FEN}. */
    /** A captured payment; a contribution pays for {@link #CONTRIBUTION_YEAR}. */
    public Reply pay(String providerId, String patientId, long fen, String category) {
        Reply paid = mesh.until(() -> mesh.post("/api/v1/payments", mesh.token(providerId, null, "PROVIDER"),
                paymentBody(code(patientId), patientId, fen, category), UUID.randomUUID().toString()),
                r -> r.status() == 201 || !"PROVIDER_NOT_DESIGNATED".equals(r.code()), PROPAGATION);
        if (paid.status() == 201) {
            SPENT_FEN.addAndGet(fen);
            USES.incrementAndGet();
        }
        return paid;
    }

    /** The year a contribution pays for: 2025, whose resident standard is 40000 fen. */
    public static final int CONTRIBUTION_YEAR = 2025;

    /** A payment's body; RESIDENT_CONTRIBUTION and LTC_CONTRIBUTION name the year they pay for. */
    public static Map<String, Object> paymentBody(String code, String patientId, long fen, String category) {
        Map<String, Object> body = new HashMap<>(Map.of("paymentCode", code, "patientId", patientId,
                "amountFen", fen, "category", category, "capture", true));
        if (category.endsWith("_CONTRIBUTION")) {
            body.put("contributionYear", CONTRIBUTION_YEAR);
        }
        return body;
    }

    public Reply account(String personId) {
        return mesh.get("/api/v1/accounts/" + personId, insured(personId)).expect(200);
    }

    public static String currentPeriod() {
        return YearMonth.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyyMM"));
    }
}
