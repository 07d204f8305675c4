package cn.mutualaid.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.hostile.Operations.Operation;
import cn.mutualaid.e2e.hostile.Probes.Expect;
import cn.mutualaid.e2e.hostile.Probes.Probe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input over every route, generated from the services' OpenAPI documents (through the gateway), each sent with
 * a token of a role the route allows: wrong JSON types, extremes, invisible, control and bidi characters in every
 * body field, malformed, oversized and mistyped bodies, hostile path and query values. Never a 5xx; every refusal is
 * application/problem+json with a {@code code}; every hostile body is refused; and not one row of the mesh's
 * databases (outboxes and audit logs included) changes.
 */
@ExtendWith(RunningMesh.class)
class HostileInputIT {
    static final List<String> SERVICES = List.of("registry", "relation", "wallet", "settlement");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway = URI.create("http://127.0.0.1:" + RunningMesh.GATEWAY_PORT);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Callers callers = new Callers(RunningMesh.client());

    @Test
    void hostileInputIsRefusedWithAProblemAndWritesNothing() throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (String service : SERVICES) {
            List<Operation> found = Operations.of(service, JSON.readTree(send("GET", "/v3/api-docs/" + service, null, null, null).body()));
            assertThat(found).as("operations of %s", service).isNotEmpty();
            operations.addAll(found);
        }
        RowCounts rows = new RowCounts(RunningMesh.PG_PORT, RunningMesh.dbPrefix());
        Map<String, Long> before = rows.settled(60_000);

        long started = System.nanoTime();
        int sent = 0;
        int limited = 0;
        List<String> faults = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Operation op : operations) {
            List<Probe> probes = Probes.of(op);
            if (probes.isEmpty()) {
                skipped.add(op.label());
                continue;
            }
            String role = callers.roleFor(op, this::send);
            for (Probe probe : probes) {
                HttpResponse<String> response = null;
                // A 504 or no answer says the machine was slow, not what the input did; a second try tells them apart.
                for (int attempt = 0; attempt < 2 && (response == null || response.statusCode() == 504); attempt++) {
                    response = sendOrNull(probe, callers.token(role));
                    sent++;
                }
                if (response == null) {
                    faults.add(op.label() + " as " + role + ", " + probe.what() + ": no answer in 10 s, twice");
                    continue;
                }
                limited += response.statusCode() == 429 ? 1 : 0;
                statuses.merge(response.statusCode(), 1, Integer::sum);
                String fault = judge(probe, response);
                if (fault != null) {
                    faults.add(op.label() + " as " + role + ", " + probe.what() + ": " + fault);
                }
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        Thread.sleep(2_000);
        Map<String, String> changed = changed(before, rows.snapshot());
        System.out.printf("hostile input: %d requests over %d operations in %d s (%d rate-limited); no hostile part: %s%n",
                sent, operations.size() - skipped.size(), seconds, limited, skipped);
        System.out.println("  answers by status: " + statuses);
        faults.stream().limit(60).forEach(f -> System.out.println("  " + f));
        changed.forEach((table, change) -> System.out.println("  rows of " + table + ": " + change));

        assertThat(faults).as("5xx, non-problem refusals or accepted hostile input (%d)", faults.size()).isEmpty();
        assertThat(changed).as("rows changed by hostile input").isEmpty();
        assertThat(limited).as("rate-limited requests test nothing").isLessThan(Math.max(1, sent / 100));
        assertThat(sent).isGreaterThan(1_000);
        assertThat(statuses).as("every probe carried a valid token").doesNotContainKey(401);
    }

    /** Null when the answer is right for the probe, else what is wrong with it. */
    private static String judge(Probe probe, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "answered " + status + " " + abbreviate(response.body());
        }
        if (status < 400) {
            // A dry run (…/explain) answers a refusal in its body: 200 with allowed false, and nothing written.
            boolean dryRunRefused = probe.uri().endsWith("/explain") && response.body().contains("\"allowed\":false");
            return probe.expect() == Expect.REFUSED && !dryRunRefused ? "accepted (" + status + ")" : null;
        }
        String type = response.headers().firstValue("content-type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "answered " + status + " as '" + type + "'";
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body.path("code").asString("").isEmpty() ? "answered " + status + " without a code" : null;
        } catch (RuntimeException e) {
            return "answered " + status + " with a body that is not JSON";
        }
    }

    private static Map<String, String> changed(Map<String, Long> before, Map<String, Long> after) {
        Map<String, String> changes = new TreeMap<>();
        after.forEach((table, n) -> {
            Long was = before.get(table);
            if (!n.equals(was)) {
                changes.put(table, was + " → " + n);
            }
        });
        return changes;
    }

    private HttpResponse<String> sendOrNull(Probe probe, String token) {
        try {
            return send(probe.method(), probe.uri(), token, probe.contentType(), probe.body());
        } catch (IllegalStateException e) {
            return null;
        }
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (!method.equals("GET")) {
            request.header("idempotency-key", UUID.randomUUID().toString());
        }
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + abbreviate(path) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** The sender the role probe uses. */
    interface Sender {
        private HttpResponse<String> sendOrNull(Probe probe, String token) {
        try {
            return send(probe.method(), probe.uri(), token, probe.contentType(), probe.body());
        } catch (IllegalStateException e) {
            return null;
        }
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body);
    }
}
