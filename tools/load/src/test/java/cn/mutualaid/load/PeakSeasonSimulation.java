package cn.mutualaid.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import cn.mutualaid.e2e.MeshClient;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The year-end peak through the gateway: the resident-insurance contribution drive mixed with hospital and pharmacy
 * payments ({@link PeakMix}: 69 % hospital, 8 % pharmacy, 23 % resident contributions by uses), benefactors changing
 * quotas and reading balances, relatives reading their quotas, and a few relationships dissolved.
 *
 * <p>Every payment takes a fresh payment code from the patient (POST /api/v1/payment-codes as the patient), then the
 * provider pays with it (POST /api/v1/payments, Idempotency-Key, capture). With {@code -Dcodes=offline} the patient's
 * app makes the code itself from an enrolled device ({@link OfflineApps}; a device is enrolled, once, when all of the
 * patient's devices made a code in the current 30-second step), so a payment is one request. The data set is generated through the
 * gateway first ({@link DataSet}) unless its feeder files already exist.
 *
 * <p>Run (the mesh running, e.g. {@code ./mesh up -d}):
 * <pre>mvn -B -o -f tools/load/pom.xml gatling:test -Dgateway=http://127.0.0.1:8080 -Dfamilies=2000 -Drate=40 -Dseconds=60</pre>
 * System properties: gateway, data (feeder directory, default target/load-data), families, rate (payments per
 * second; the other actions follow in proportion), seconds, generate=true (rebuild the data set), codes=online|offline.
 * Report: target/gatling/peakseasonsimulation-*&#47;index.html.
 */
public class PeakSeasonSimulation extends Simulation {
    private static final String GATEWAY = System.getProperty("gateway", "http://127.0.0.1:8080");
    private static final Path DATA = Path.of(System.getProperty("data", "target/load-data"));
    private static final int FAMILIES = Integer.getInteger("families", 2000);
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "40"));
    private static final int SECONDS = Integer.getInteger("seconds", 60);
    /** The share of families kept aside to be dissolved, so that payments never meet a dissolved relationship. */
    private static final double DISSOLVED_SHARE = 0.02;
    private static final boolean OFFLINE = "offline".equals(System.getProperty("codes", "online"));

    private final Map<String, List<String>> providerTokens;
    private final OfflineApps apps;

    {
        generateUnlessPresent();
        providerTokens = readProviders();
        try {
            apps = OFFLINE ? new OfflineApps(DATA) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void generateUnlessPresent() {
        boolean present = Files.exists(DATA.resolve("families.csv")) && Files.exists(DATA.resolve("providers.csv"));
        if (present && !Boolean.getBoolean("generate")) {
            System.out.println("using the data set in " + DATA.toAbsolutePath());
            return;
        }
        try {
            Files.createDirectories(DATA);
            System.out.println("generating " + FAMILIES + " families through " + GATEWAY + " ...");
            new DataSet(new MeshClient(GATEWAY), 16).generate(FAMILIES, DATA);
        } catch (Exception e) {
            throw new IllegalStateException("the data set could not be generated", e);
        }
    }

    /** "type/area" → provider tokens. */
    private static Map<String, List<String>> readProviders() {
        try {
            return Files.readAllLines(DATA.resolve("providers.csv")).stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> l.split(",", -1))
                    .collect(Collectors.groupingBy(p -> p[1] + "/" + p[2], Collectors.mapping(p -> p[3], Collectors.toList())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final List<Map<String, Object>> families = csv(DATA.resolve("families.csv").toString()).readRecords();
    private final int payingFamilies = (int) Math.max(1, families.size() * (1 - DISSOLVED_SHARE));
    private final FeederBuilder<Object> paying =
            io.gatling.javaapi.core.CoreDsl.listFeeder(families.subList(0, payingFamilies)).random();
    private final FeederBuilder<Object> toDissolve =
            io.gatling.javaapi.core.CoreDsl.listFeeder(families.subList(payingFamilies, families.size())).queue();

    private final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY)
            .acceptHeader("application/json, application/problem+json")
            .contentTypeHeader("application/json")
            .disableWarmUp()
            .shareConnections();

    /** The beneficiaries whose contribution this run has paid: a person-year is paid once. */
    private final Set<String> contributed = ConcurrentHashMap.newKeySet();

    /** A patient pays at a hospital or pharmacy, or pays the resident contribution, with their own fresh code. */
    private final ScenarioBuilder payments = scenario("payment (peak mix)")
            .feed(paying)
            .exec(session -> {
                Random random = ThreadLocalRandom.current();
                PeakMix.Payment payment = PeakMix.next(random, "RESIDENT".equals(session.getString("beneficiaryScheme")),
                        session.getString("beneficiaryId"), contributed);
                String type = PeakMix.PHARMACY.equals(payment.category()) ? "RETAIL_PHARMACY" : "MEDICAL_INSTITUTION";
                String area = random.nextInt(100) < 90 ? session.getString("beneficiaryArea")
                        : DataSet.AREAS.get(random.nextInt(DataSet.AREAS.size()));
                List<String> desks = providerTokens.get(type + "/" + area);
                return session.set("category", payment.category()).set("amountFen", payment.amountFen())
                        .set("yearMember", PeakMix.yearMember(payment.category()))
                        .set("providerToken", desks.get(random.nextInt(desks.size())))
                        .set("idempotencyKey", UUID.randomUUID().toString());
            })
            .exec(OFFLINE ? offlineCode() : onlineCode())
            .exec(http("POST /payments #{category}").post("/api/v1/payments")
                    .header("authorization", "Bearer #{providerToken}")
                    .header("idempotency-key", "#{idempotencyKey}")
                    .body(StringBody("""
                            {"paymentCode":"#{paymentCode}","patientId":"#{beneficiaryId}","amountFen":#{amountFen},\
                            "category":"#{category}"#{yearMember},"capture":true}"""))
                    .check(status().is(201), jsonPath("$.status").is("CAPTURED")));

    /** Keeps the devices enrolled in this run for the next one. */
    @Override
    public void after() {
        if (apps != null) {
            try {
                apps.save();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ChainBuilder onlineCode() {
        return exec(http("POST /payment-codes").post("/api/v1/payment-codes")
                .header("authorization", "Bearer #{beneficiaryToken}")
                .check(status().is(201), jsonPath("$.code").saveAs("paymentCode")));
    }

    /** The app's own code; a device enrolled first when every device of the patient made one in this step. */
    private ChainBuilder offlineCode() {
        return exec(session -> {
            String code = apps.code(session.getString("beneficiaryId"));
            return code == null ? session.remove("paymentCode") : session.set("paymentCode", code);
        }).doIf(session -> !session.contains("paymentCode")).then(
                exec(http("POST /payment-codes/devices").post("/api/v1/payment-codes/devices")
                        .header("authorization", "Bearer #{beneficiaryToken}")
                        .check(status().is(201), jsonPath("$.deviceId").saveAs("deviceId"),
                                jsonPath("$.secret").saveAs("deviceSecret")))
                        .exec(session -> session.set("paymentCode", apps.enrolled(session.getString("beneficiaryId"),
                                session.getString("deviceId"), session.getString("deviceSecret")))));
    }

    /** A benefactor sets a new total quota (a raise within what the credit leaves available). */
    private final ScenarioBuilder quotaChanges = scenario("quota change")
            .feed(paying)
            .exec(session -> session.set("newQuotaFen",
                    DataSet.QUOTA_FEN + ThreadLocalRandom.current().nextLong(0, (DataSet.CREDIT_FEN - DataSet.QUOTA_FEN) / 2)))
            .exec(http("PUT /relations/{id}/quota").put("/api/v1/relations/#{relationId}/quota")
                    .header("authorization", "Bearer #{benefactorToken}")
                    .body(StringBody("{\"amountFen\":#{newQuotaFen}}"))
                    .check(status().is(200)));

    /** A benefactor reads their balance; the relative reads the quotas they may spend. */
    private final ScenarioBuilder balanceReads = scenario("balance read")
            .feed(paying)
            .exec(http("GET /accounts/{id}").get("/api/v1/accounts/#{benefactorId}")
                    .header("authorization", "Bearer #{benefactorToken}")
                    .check(status().is(200), jsonPath("$.balanceFen").exists()))
            .exec(http("GET /quotas").get("/api/v1/quotas")
                    .header("authorization", "Bearer #{beneficiaryToken}")
                    .check(status().is(200)));

    /** A benefactor ends a relationship: the saga releases the unused quota. */
    private final ScenarioBuilder dissolutions = scenario("dissolution")
            .feed(toDissolve)
            .exec(http("POST /relations/{id}/dissolve").post("/api/v1/relations/#{relationId}/dissolve")
                    .header("authorization", "Bearer #{benefactorToken}")
                    .check(status().is(202)));

    {
        Duration during = Duration.ofSeconds(SECONDS);
        int toDissolveCount = families.size() - payingFamilies;
        double dissolutionRate = Math.min(Math.max(0.1, RATE / 200), Math.max(0.01, toDissolveCount / (double) SECONDS));
        setUp(
                payments.injectOpen(constantUsersPerSec(RATE).during(during).randomized()),
                // Peak-season side traffic, in proportion to the payments: a balance look for every three payments,
                // a quota change for every ten.
                balanceReads.injectOpen(constantUsersPerSec(RATE / 3).during(during).randomized()),
                quotaChanges.injectOpen(constantUsersPerSec(RATE / 10).during(during).randomized()),
                dissolutions.injectOpen(constantUsersPerSec(dissolutionRate).during(during)))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lt(1.0));
    }
}
