package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.OtlpReceiver.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One payment is one trace: the spans the gateway, the wallet and settlement export by OTLP (to {@link OtlpReceiver})
 * share the trace id the caller started, the wallet's request is a child of a gateway span, and settlement's
 * consumption of PaymentCaptured continues the trace across Kafka from the envelope's traceparent.
 */
@ExtendWith(RunningMesh.class)
class TraceIT {
    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fx = new Fixtures(mesh);

    @Test
    void aPaymentIsOneTraceFromTheGatewayThroughTheWalletToSettlement() throws Exception {
        String mother = fx.person("320500", "EMPLOYEE");
        String son = fx.person("320500", "RESIDENT");
        fx.kinship("320500", mother, son, "CHILD");
        String relation = fx.relation("320500", mother, son, "CHILD");
        fx.credit("320500", mother, 10_000);
        fx.quota(mother, relation, 5_000);
        String pharmacy = fx.provider("320500", "RETAIL_PHARMACY");
        // Settlement consumes a poll's events as one batch: the payment is paid right behind the events above, so
        // that its event may share a poll with them and the batch's span must still be in its trace (ConsumedTrace).
        fx.pay(pharmacy, son, 100, "RETAIL_PHARMACY").expect(201);

        String traceId = HexFormat.of().formatHex(randomBytes(16));
        PaymentRequest payment = Fixtures.payment(fx.code(son), son, 200, "RETAIL_PHARMACY");
        // The caller starts the trace: its traceparent travels as one more header of the generated call.
        Map<String, String> headers = MeshClient.as(mesh.token(pharmacy, null, "PROVIDER"));
        headers.put("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01");
        Reply paid = mesh.send(() -> mesh.api(PaymentsApi::new).payPaymentWithHttpInfo(payment,
                UUID.randomUUID().toString(), headers));
        assertThat(paid.status()).as("%s", paid.body()).isEqualTo(201);
        Fixtures.SPENT_FEN.addAndGet(200);
        Fixtures.USES.incrementAndGet();

        List<Span> trace = awaitServices(traceId, Set.of("gateway", "wallet-service"));
        Set<String> gatewaySpans = trace.stream().filter(s -> s.service().equals("gateway"))
                .map(Span::spanId).collect(Collectors.toSet());
        assertThat(trace).as("the wallet's request span is a child of a gateway span").anySatisfy(s -> {
            assertThat(s.service()).isEqualTo("wallet-service");
            assertThat(s.kind()).isEqualTo(Span.SERVER);
            assertThat(gatewaySpans).contains(s.parentSpanId());
        });

        trace = awaitServices(traceId, Set.of("settlement-service"));
        assertThat(trace).as("settlement consumed PaymentCaptured in the same trace").anySatisfy(s -> {
            assertThat(s.service()).isEqualTo("settlement-service");
            assertThat(s.kind()).isEqualTo(Span.CONSUMER);
            assertThat(s.name()).isEqualTo("consume wallet.events");
        });
    }

    /** Spans are exported in batches every few seconds. */
    private static List<Span> awaitServices(String traceId, Set<String> services) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<Span> trace = OtlpReceiver.trace(traceId);
        while (!trace.stream().map(Span::service).collect(Collectors.toSet()).containsAll(services)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            trace = OtlpReceiver.trace(traceId);
        }
        assertThat(trace).extracting(Span::service).as("services with spans in trace " + traceId)
                .containsAll(services);
        return trace;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        return bytes;
    }
}
