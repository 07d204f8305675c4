package cn.mutualaid.load;

import cn.mutualaid.e2e.IdNumbers;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Builds the load data set through the gateway, the way service halls and apps would: families across several
 * provinces (benefactor EMPLOYEE-insured, relative RESIDENT- or EMPLOYEE-insured), verified kinship, a service-hall
 * relationship (ACTIVE at once), a credit to the benefactor's personal account and a quota; designated hospitals and
 * pharmacies in every pooling area; cross-province aid turned on for the provinces used.
 *
 * <p>Writes two feeder files (CSV with a header line) into the output directory: {@code families.csv} and
 * {@code providers.csv}, with development tokens for every party, so that the load itself spends no calls on tokens.
 *
 * <p>Usage: {@code DataSet <gatewayUrl> <families> <outputDir> [threads]}.
 */
public final class DataSet {
    /** Pooling areas used, two per province, so that all three scopes occur. */
    static final List<String> AREAS = List.of("320500", "320100", "410100", "410300", "510100", "510700", "440100",
            "440300", "330100", "330200");
    /** The gateway limits each provider to 5 payments/s: enough desks that the load is not refused at the edge. */
    static final int PROVIDERS_PER_AREA_AND_TYPE = 20;
    static final long CREDIT_FEN = 5_000_000;
    static final long QUOTA_FEN = 4_000_000;
    private static final Duration PROPAGATION = Duration.ofSeconds(90);

    private final MeshClient mesh;
    private final int threads;
    private final Map<String, String> agencies = new java.util.concurrent.ConcurrentHashMap<>();
    /** The rollout's writes: every family's relationship waits for them too (read-your-writes, see ReadYourWrites). */
    private final ReadYourWrites rollout = new ReadYourWrites(null);
    /** Per step: calls, attempts, nanoseconds until done (the wait for events included). */
    private final Map<String, long[]> steps = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Answers that were tried again, by step and status. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> refusals = new java.util.concurrent.ConcurrentSkipListMap<>();

    public record Family(String benefactorId, String benefactorArea, String benefactorToken, String beneficiaryId,
            String beneficiaryArea, String beneficiaryScheme, String beneficiaryToken, String kinship, String relationId,
            long quotaFen) {
        static final String HEADER = "benefactorId,benefactorArea,benefactorToken,beneficiaryId,beneficiaryArea,"
                + "beneficiaryScheme,beneficiaryToken,kinship,relationId,quotaFen";

        String csv() {
            return String.join(",", benefactorId, benefactorArea, benefactorToken, beneficiaryId, beneficiaryArea,
                    beneficiaryScheme, beneficiaryToken, kinship, relationId, Long.toString(quotaFen));
        }
    }

    public record Provider(String providerId, String type, String area, String token) {
        static final String HEADER = "providerId,type,area,token";

        String csv() {
            return String.join(",", providerId, type, area, token);
        }
    }

    public DataSet(MeshClient mesh, int threads) {
        this.mesh = mesh;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DataSet <gatewayUrl> <families> <outputDir> [threads]");
            System.exit(2);
        }
        DataSet set = new DataSet(new MeshClient(args[0]), args.length > 3 ? Integer.parseInt(args[3]) : 16);
        Path dir = Path.of(args[2]);
        Files.createDirectories(dir);
        long started = System.nanoTime();
        set.generate(Integer.parseInt(args[1]), dir);
        System.out.printf("data set ready in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, dir.toAbsolutePath());
    }

    public void generate(int families, Path dir) throws Exception {
        turnOnCrossProvince();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Provider>> providerJobs = new ArrayList<>();
            for (String area : AREAS) {
                for (int i = 0; i < PROVIDERS_PER_AREA_AND_TYPE; i++) {
                    int n = i;
                    providerJobs.add(pool.submit(() -> provider(area, "MEDICAL_INSTITUTION", n)));
                    providerJobs.add(pool.submit(() -> provider(area, "RETAIL_PHARMACY", n)));
                }
            }
            List<Future<Family>> familyJobs = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < families; i++) {
                long seed = i;
                familyJobs.add(pool.submit(() -> {
                    Family f = family(new Random(seed * 7919 + System.nanoTime()));
                    int n = done.incrementAndGet();
                    if (n % 100 == 0) {
                        System.out.printf("  %d/%d families%n", n, families);
                    }
                    return f;
                }));
            }
            write(dir.resolve("providers.csv"), Provider.HEADER, collect(providerJobs).stream().map(Provider::csv).toList());
            write(dir.resolve("families.csv"), Family.HEADER, collect(familyJobs).stream().map(Family::csv).toList());
            System.out.println("  read-your-writes (Mesh-Await): " + (ReadYourWrites.ON ? "on" : "off, LOAD_AWAIT=0"));
            steps.forEach((step, s) -> System.out.printf("  step %-40s %6d calls, %5.2f attempts and %7.1f ms each%n",
                    step, s[0], s[1] / (double) s[0], s[2] / 1e6 / s[0]));
            refusals.forEach((what, n) -> System.out.printf("  tried again after %s: %d%n", what, n.sum()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> List<T> collect(List<Future<T>> jobs) throws Exception {
        List<T> out = new ArrayList<>();
        for (Future<T> job : jobs) {
            out.add(job.get());
        }
        return out;
    }

    private static void write(Path file, String header, List<String> lines) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println(header);
            lines.forEach(w::println);
        }
    }

    private void turnOnCrossProvince() {
        String admin = mesh.token("load-rollout-admin", null, "ADMIN");
        String effective = Instant.now().minusSeconds(60).toString();
        AREAS.stream().map(a -> a.substring(0, 2) + "0000").distinct().forEach(province -> retry("rollout",
                () -> rollout.remember(() -> mesh.put("/api/v1/regions/provinces/" + province + "/rollout", admin,
                        Map.of("crossProvince", true, "kinshipScope", "CLOSE_RELATIVES", "effectiveFrom", effective))),
                Reply::ok));
    }

    /** One agency token per area and thread: the gateway limits each caller's rate, a service hall has many desks. */
    private String agency(String area) {
        String subject = "load-agency-" + area + "-" + Thread.currentThread().getId();
        return agencies.computeIfAbsent(subject, s -> mesh.token(s, area, "AGENCY"));
    }

    private Provider provider(String area, String type, int n) {
        String name = (type.equals("RETAIL_PHARMACY") ? "药店 " : "医院 ") + area + "-" + n;
        String id = retry("provider", () -> mesh.post("/api/v1/providers", agency(area),
                Map.of("name", name, "type", type, "poolingArea", area)), r -> r.status() == 201).text("providerId");
        return new Provider(id, type, area, mesh.token(id, null, "PROVIDER"));
    }

    private Family family(Random random) {
        String benefactorArea = AREAS.get(random.nextInt(AREAS.size()));
        // docs/domain.md: 263 of 283 million uses within one pooling area, 19.76 million across areas of one province;
        // cross-province is the newest and smallest share.
        int where = random.nextInt(100);
        String beneficiaryArea = where < 85 ? benefactorArea
                : where < 93 ? sibling(benefactorArea)
                : otherProvince(benefactorArea, random);
        // Parents and children are the usual relatives; most of them are resident-insured (the contribution drive).
        String[] kinships = {"PARENT", "PARENT", "CHILD", "CHILD", "SPOUSE", "SIBLING", "GRANDPARENT", "GRANDCHILD"};
        String kinship = kinships[random.nextInt(kinships.length)];
        String scheme = random.nextInt(100) < 75 ? "RESIDENT" : "EMPLOYEE";
        ReadYourWrites writes = new ReadYourWrites(rollout);
        String benefactor = person(writes, benefactorArea, "EMPLOYEE", LocalDate.of(1965, 1, 1).plusDays(random.nextInt(7000)), random);
        String beneficiary = person(writes, beneficiaryArea, scheme, LocalDate.of(1940, 1, 1).plusDays(random.nextInt(25000)), random);
        String agency = agency(benefactorArea);
        retry("kinship", () -> writes.send(mesh, "POST", "/api/v1/kinships", agency, Map.of("personId", benefactor, "relativeId", beneficiary,
                "kinship", kinship, "evidence", Map.of("kind", "HOUSEHOLD_REGISTER", "reference", "LOAD-" + benefactorArea))),
                r -> r.status() == 201 || r.status() == 409);
        // 409 RELATION_EXISTS: an earlier attempt was made but its answer lost (a timeout under load); the persons are
        // this run's own, so that relationship is ours.
        Reply related = retry("relation (waits for registry events)", () -> writes.send(mesh, "POST", "/api/v1/relations", agency(benefactorArea),
                Map.of("benefactorId", benefactor, "beneficiaryId", beneficiary, "kinship", kinship)),
                r -> r.status() == 201 || (r.status() == 409 && "RELATION_EXISTS".equals(r.code())));
        String relationId = related.status() == 201 ? related.text("relationId") : relationOf(benefactor, beneficiary);
        String reference = "load-" + UUID.randomUUID();
        String creditKey = UUID.randomUUID().toString();
        Reply credit = retry("credit (waits for the account)", () -> writes.send(mesh, "POST", "/api/v1/accounts/" + benefactor + "/credits",
                agency(benefactorArea), Map.of("amountFen", CREDIT_FEN, "reference", reference), creditKey),
                r -> r.status() == 201 || r.status() == 202);
        if (credit.status() == 202) {
            // Above the wallet's four-eyes threshold: a second operator of the area approves the credit.
            String approver = mesh.token("load-approver-" + benefactorArea, benefactorArea, "AGENCY");
            String approvalKey = UUID.randomUUID().toString();
            retry("credit approval", () -> mesh.post("/api/v1/credits/" + credit.text("creditId") + "/approve", approver,
                    Map.of(), approvalKey), Reply::ok);
        }
        String benefactorToken = mesh.token(benefactor, null, "INSURED");
        retry("quota (waits for relation events)", () -> writes.send(mesh, "PUT", "/api/v1/relations/" + relationId + "/quota", benefactorToken, Map.of("amountFen", QUOTA_FEN)),
                Reply::ok);
        return new Family(benefactor, benefactorArea, benefactorToken, beneficiary, beneficiaryArea, scheme,
                mesh.token(beneficiary, null, "INSURED"), kinship, relationId, QUOTA_FEN);
    }

    /** The relationship between the two, as the benefactor lists it. */
    private String relationOf(String benefactor, String beneficiary) {
        Reply mine = retry("relation already made (a lost answer)", () -> mesh.get("/api/v1/relations?role=BENEFACTOR",
                mesh.token(benefactor, null, "INSURED")), Reply::ok);
        for (tools.jackson.databind.JsonNode relation : mine.body()) {
            if (beneficiary.equals(relation.path("beneficiaryId").asString())) {
                return relation.path("relationId").asString();
            }
        }
        throw new IllegalStateException("409 RELATION_EXISTS, yet " + benefactor + " lists no relationship with " + beneficiary);
    }

    private String person(ReadYourWrites writes, String area, String scheme, LocalDate birth, Random random) {
        Reply registered = retry("register", () -> writes.send(mesh, "POST", "/api/v1/persons", agency(area),
                Map.of("idNumber", IdNumbers.random(area, birth, random.nextBoolean()), "name", "负载")),
                r -> r.status() == 201);
        String personId = registered.text("personId");
        retry("enroll", () -> writes.send(mesh, "POST", "/api/v1/persons/" + personId + "/enrollment", agency(area),
                Map.of("scheme", scheme, "poolingArea", area)), r -> r.status() == 201);
        // At the counter, as the agency registers them: quotas and payment codes need an activated wallet.
        retry("activate the wallet (waits for registry events)", () -> writes.send(mesh, "POST", "/api/v1/wallets/"
                + personId + "/activate", agency(area), null), Reply::ok);
        return personId;
    }

    private static String sibling(String area) {
        String province = area.substring(0, 2);
        return AREAS.stream().filter(a -> a.startsWith(province) && !a.equals(area)).findFirst().orElse(area);
    }

    private static String otherProvince(String area, Random random) {
        List<String> others = new ArrayList<>(AREAS.stream().filter(a -> !a.startsWith(area.substring(0, 2))).toList());
        Collections.shuffle(others, random);
        return others.get(0);
    }

    /**
     * Repeats a call until it succeeds: other services learn of a change through events a moment later, and a
     * 429 from the gateway's rate limit or a random ID number that already exists (409) is simply tried again.
     */
    private Reply retry(String step, Supplier<Reply> call, Predicate<Reply> done) {
        Instant deadline = Instant.now().plus(PROPAGATION);
        long started = System.nanoTime();
        long[] stats = steps.computeIfAbsent(step, k -> new long[3]);
        for (int attempt = 1; ; attempt++) {
            Reply reply;
            try {
                reply = call.get();
            } catch (IllegalStateException e) {
                reply = null; // a connection hiccup under load: try again
            }
            if (reply != null && done.test(reply)) {
                synchronized (stats) {
                    stats[0]++;
                    stats[1] += attempt;
                    stats[2] += System.nanoTime() - started;
                }
                return reply;
            }
            refusals.computeIfAbsent(step + ": " + (reply == null ? "no answer" : reply.status() + " " + reply.code()),
                    k -> new java.util.concurrent.atomic.LongAdder()).increment();
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up; last answer "
                        + (reply == null ? "none" : reply.status() + " " + reply.body()));
            }
            try {
                Thread.sleep(reply != null && reply.status() == 429 ? 500 : 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
