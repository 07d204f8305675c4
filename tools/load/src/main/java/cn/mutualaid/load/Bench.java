package cn.mutualaid.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end half of {@code tools/bench}: captured payments through the gateway, each with a fresh payment code
 * from the patient, then POST /api/v1/payments as a designated provider with an Idempotency-Key and
 * {@code capture: true}, in the peak-season mix ({@link PeakMix}). The code comes from the environment's
 * {@code BENCH_CODES}: {@code online} (default) asks the wallet for one (POST /api/v1/payment-codes as the patient);
 * {@code offline} has the patient's app make it from an enrolled device ({@link OfflineApps}): one request per
 * payment, plus a device enrolment when all of a patient's devices made a code in the current 30-second step.
 *
 * <pre>
 *   Bench warmup   &lt;gateway&gt; &lt;dataDir&gt; &lt;seconds&gt; &lt;concurrency&gt;                  closed loop, figures as warmup.*
 *   Bench saturate &lt;gateway&gt; &lt;dataDir&gt; &lt;seconds&gt; &lt;concurrency&gt;                  closed loop: payments/s
 *   Bench latency  &lt;gateway&gt; &lt;dataDir&gt; &lt;seconds&gt; &lt;paymentsPerSecond&gt;            open loop: p50/p95/p99
 *   Bench ledger   &lt;gateway&gt;                                                 GET /api/v1/ledger/check
 * </pre>
 * Every figure is printed as one {@code key value} line, for the script to pick up.
 */
public final class Bench {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String[]> families;
    private final Map<String, List<String[]>> providers;
    private final LongAdder captured = new LongAdder();
    /** Captured during the open loop's uncounted lead-in: their CPU is in the phase's process counters. */
    private final LongAdder leadInCaptured = new LongAdder();
    /**
     * The patients whose contribution has been paid or is being paid, by this run and by the phases before it (kept in
     * the data folder between phases, each phase being a process of its own): a person-year is paid once, and a second
     * draw would be refused 409 CONTRIBUTION_ALREADY_PAID and counted as an error.
     */
    private final Set<String> contributed = ConcurrentHashMap.newKeySet();
    private final Path contributedFile;
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    private final OfflineApps apps;
    private final LongAdder enrolled = new LongAdder();
    private final Path dataDir;

    Bench(String gateway, Path dataDir) throws IOException {
        this.gateway = URI.create(gateway.endsWith("/") ? gateway : gateway + "/");
        this.families = csv(dataDir.resolve("families.csv"));
        this.providers = csv(dataDir.resolve("providers.csv")).stream()
                .collect(Collectors.groupingBy(p -> p[1] + "/" + p[2]));
        this.apps = "offline".equals(System.getenv("BENCH_CODES")) ? new OfflineApps(dataDir) : null;
        this.dataDir = dataDir;
        this.contributedFile = dataDir.resolve("contributed.txt");
        if (Files.exists(contributedFile)) {
            contributed.addAll(Files.readAllLines(contributedFile));
        }
    }

    private void saveContributed() throws IOException {
        Files.write(contributedFile, contributed);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "warmup", "saturate" -> new Bench(args[1], Path.of(args[2]))
                    .saturate(mode.equals("warmup") ? "warmup" : "saturation", Integer.parseInt(args[3]),
                            Integer.parseInt(args[4]));
            case "latency" -> new Bench(args[1], Path.of(args[2]))
                    .latency(Integer.parseInt(args[3]), Double.parseDouble(args[4]));
            case "ledger" -> ledger(args[1], args.length > 2 ? args[2] : null);
            default -> {
                System.err.println("usage: Bench saturate|latency|ledger ... (see the class comment)");
                System.exit(2);
            }
        }
    }

    /**
     * Closed loop: {@code concurrency} clients pay back to back; the figure is captured payments per second, printed
     * under {@code phase} (the warm-up is its own run, so that the script can read CPU counters between the two).
     */
    void saturate(String phase, int seconds, int concurrency) throws InterruptedException, IOException {
        DriverCost cost = DriverCost.start();
        long started = System.nanoTime();
        closedLoop(seconds, concurrency);
        double elapsed = (System.nanoTime() - started) / 1e9;
        cost.print(phase);
        saveContributed();
        System.out.printf("%s.concurrency %d%n", phase, concurrency);
        System.out.printf("%s.seconds %.1f%n", phase, elapsed);
        System.out.printf("%s.captured %d%n", phase, captured.sum());
        System.out.printf("%s.tps %.1f%n", phase, captured.sum() / elapsed);
        printDevices(phase);
        printLatencies(phase);
        printErrors(phase);
    }

    private void closedLoop(int seconds, int concurrency) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < concurrency; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    pay(System.nanoTime(), true);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    /**
     * Open loop at a fixed offered load: a payment starts every 1/rate seconds whatever the answers do. Latency is
     * counted from the moment a payment was due, so a stall is not hidden (no coordinated omission).
     */
    void latency(int seconds, double rate) throws InterruptedException, IOException {
        ExecutorService pool = Executors.newCachedThreadPool();
        long interval = (long) (1e9 / rate);
        // The driver is a new JVM for every phase: BENCH_LEAD_IN_SECONDS of the same open loop run first, sent but not
        // counted, while its own JIT compiles and its connections open (the mesh is warm already).
        long leadIn = (long) (Double.parseDouble(System.getenv().getOrDefault("BENCH_LEAD_IN_SECONDS", "0")) * rate);
        // From the lead-in on, like the bench's process counters (the CPU per payment counts the lead-in's payments).
        DriverCost cost = DriverCost.start();
        for (long i = 0; i < leadIn; i++) {
            long due = System.nanoTime();
            pool.submit(() -> pay(due, false));
            TimeUnit.NANOSECONDS.sleep(interval);
        }
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long total = (long) (seconds * rate);
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pool.submit(() -> pay(due, true));
        }
        pool.shutdown();
        if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        cost.print("latency");
        saveContributed();
        saveSamples(startMillis, start);
        System.out.printf("latency.offered_tps %.1f%n", rate);
        System.out.printf("latency.sent %d%n", total);
        System.out.printf("latency.captured %d%n", captured.sum());
        System.out.printf("latency.lead_in_captured %d%n", leadInCaptured.sum());
        System.out.printf("latency.achieved_tps %.1f%n", captured.sum() / elapsed);
        printDevices("latency");
        printLatencies("latency");
        printErrors("latency");
    }

    /** One captured payment; records [payment latency, code + payment latency from the due time] in nanoseconds. */
    private void pay(long due, boolean counted) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] family = families.get(random.nextInt(families.size()));
        String patient = family[3];
        PeakMix.Payment payment = PeakMix.next(random, "RESIDENT".equals(family[5]), patient, contributed);
        String[] provider = provider(payment.category(), family[4], random);
        try {
            String paymentCode = code(patient, family[6]);
            if (paymentCode == null) {
                return;
            }
            String body = "{\"paymentCode\":\"" + paymentCode + "\",\"patientId\":\"" + patient + "\",\"amountFen\":"
                    + payment.amountFen() + ",\"category\":\"" + payment.category() + "\""
                    + PeakMix.yearMember(payment.category()) + ",\"capture\":true}";
            long sent = System.nanoTime();
            HttpResponse<String> paid = send("POST", "api/v1/payments", provider[3], body, UUID.randomUUID().toString());
            long now = System.nanoTime();
            if (!counted) {
                if (paid.statusCode() == 201) {
                    leadInCaptured.increment();
                }
                return;
            }
            if (paid.statusCode() != 201 || !paid.body().contains("\"CAPTURED\"")) {
                error("payment", paid);
                return;
            }
            captured.increment();
            latencies.add(new long[] {now - sent, now - due, sent});
        } catch (IOException | RuntimeException e) {
            errors.computeIfAbsent("exception " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The patient's code, online or made by the app (see the class comment); null after an error, counted. */
    private String code(String patient, String token) throws IOException, InterruptedException {
        String offline = apps == null ? null : apps.code(patient);
        if (offline != null) {
            return offline;
        }
        HttpResponse<String> code = send("POST", apps == null ? "api/v1/payment-codes" : "api/v1/payment-codes/devices",
                token, null, null);
        if (code.statusCode() != 201) {
            error(apps == null ? "payment-code" : "device", code);
            return null;
        }
        JsonNode body = JSON.readTree(code.body());
        if (apps == null) {
            return body.path("code").asString();
        }
        enrolled.increment();
        return apps.enrolled(patient, body.path("deviceId").asString(), body.path("secret").asString());
    }

    private void printDevices(String phase) {
        if (apps != null) {
            System.out.printf("%s.devices_enrolled %d%n", phase, enrolled.sum());
            System.out.printf("%s.devices %d%n", phase, apps.count());
            try {
                apps.save();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A provider of the right type; hospitals and pharmacies mostly in the patient's own area. */
    private String[] provider(String category, String patientArea, Random random) {
        String type = PeakMix.PHARMACY.equals(category) ? "RETAIL_PHARMACY" : "MEDICAL_INSTITUTION";
        String area = random.nextInt(100) < 90 ? patientArea
                : DataSet.AREAS.get(random.nextInt(DataSet.AREAS.size()));
        List<String[]> candidates = providers.get(type + "/" + area);
        return candidates.get(random.nextInt(candidates.size()));
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("authorization", "Bearer " + token)
                .header("accept", "application/json, application/problem+json");
        if (idempotencyKey != null) {
            request.header("idempotency-key", idempotencyKey);
        }
        if (body != null) {
            request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void error(String step, HttpResponse<String> response) {
        String code = "";
        try {
            code = JSON.readTree(response.body()).path("code").asString();
        } catch (RuntimeException e) {
            // not JSON
        }
        errors.computeIfAbsent(step + " " + response.statusCode() + " " + code, k -> new LongAdder()).increment();
    }

    /**
     * Every captured payment of the open-loop phase as {@code sent_epoch_ms,payment_ms,due_to_answer_ms} in
     * {@code latency-samples.csv} beside the data set: where in the phase the slow ones fall, to set beside the JVMs'
     * GC logs and the machine's load (BENCH_KEEP_DATA=1 keeps it).
     */
    private void saveSamples(long startMillis, long startNanos) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("sent_epoch_ms,payment_ms,due_to_answer_ms");
        for (long[] l : latencies) {
            lines.add(String.format(java.util.Locale.ROOT, "%d,%.2f,%.2f", startMillis + (l[2] - startNanos) / 1_000_000,
                    l[0] / 1e6, l[1] / 1e6));
        }
        Files.write(dataDir.resolve("latency-samples.csv"), lines);
    }

    private void printLatencies(String phase) {
        long[][] all = latencies.toArray(new long[0][]);
        long[] payment = Arrays.stream(all).mapToLong(l -> l[0]).sorted().toArray();
        long[] operation = Arrays.stream(all).mapToLong(l -> l[1]).sorted().toArray();
        for (double p : new double[] {50, 95, 99}) {
            System.out.printf("%s.payment_p%d_ms %.1f%n", phase, (int) p, percentile(payment, p));
        }
        System.out.printf("%s.payment_max_ms %.1f%n", phase, payment.length == 0 ? Double.NaN : payment[payment.length - 1] / 1e6);
        for (double p : new double[] {50, 95, 99}) {
            System.out.printf("%s.code_and_payment_p%d_ms %.1f%n", phase, (int) p, percentile(operation, p));
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private void printErrors(String phase) {
        long total = errors.values().stream().mapToLong(LongAdder::sum).sum();
        System.out.printf("%s.errors %d%n", phase, total);
        errors.forEach((what, n) -> System.out.printf("%s.error[%s] %d%n", phase, what, n.sum()));
    }

    /** Prints the ledger check's verdict; exits 1 when it is not ok. */
    static void ledger(String gatewayUrl, String token) throws Exception {
        cn.mutualaid.e2e.MeshClient mesh = new cn.mutualaid.e2e.MeshClient(gatewayUrl);
        String clearing = token != null ? token : mesh.token("load-clearing-centre", null, "CLEARING");
        cn.mutualaid.e2e.MeshClient.Reply reply = mesh.get("/api/v1/ledger/check", clearing);
        JsonNode body = reply.body();
        System.out.printf("ledger.status %d%n", reply.status());
        System.out.printf("ledger.ok %s%n", body.path("ok").asBoolean());
        System.out.printf("ledger.accounts %d%n", body.path("accounts").asLong());
        System.out.printf("ledger.total_balance_fen %d%n", body.path("totalBalanceFen").asLong());
        System.out.printf("ledger.total_frozen_fen %d%n", body.path("totalFrozenFen").asLong());
        System.out.printf("ledger.problems %s%n", body.path("problems"));
        if (!body.path("ok").asBoolean()) {
            System.exit(1);
        }
    }

    private static List<String[]> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

}
