package cn.mutualaid.platform.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.registry.PersonRegistered;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.platform.messaging.Outbox;
import cn.mutualaid.platform.messaging.PoisonMessage;
import cn.mutualaid.platform.observability.ConsumedTrace;
import cn.mutualaid.platform.observability.DatabaseGauges;
import cn.mutualaid.testing.CollectedSpans;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.TestJwt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Traces cross Kafka: an event written inside a span carries that span as its traceparent, and a consumer built with
 * EventHandlers continues the trace in a CONSUMER span (exported by OpenTelemetry, collected here). Failed deliveries
 * are counted, and the database gauges read the real schema.
 */
@MeshTest
@Import(CollectedSpans.class)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {
    @Autowired Tracer tracer;
    @Autowired Propagator propagator;
    @Autowired SdkTracerProvider tracerProvider;
    @Autowired CollectedSpans spans;
    @Autowired Outbox outbox;
    @Autowired Inbox inbox;
    @Autowired TransactionalOperator tx;
    @Autowired DatabaseGauges gauges;
    @Autowired DatabaseClient db;
    @Autowired MeterRegistry meters;
    @Autowired WebTestClient web;


    @Test
    void anEventCarriesItsTraceAndItsConsumerContinuesIt() {
        String traceId = hex(16);
        Span producer = propagator.extract(Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"), Map::get)
                .name("produce").start();
        Envelope sent;
        String person = "p-" + UUID.randomUUID();
        try (Tracer.SpanInScope ignored = tracer.withSpan(producer)) {
            sent = tx.transactional(outbox.append(ProbeApplication.person(person), person)).block();
        } finally {
            producer.end();
        }
        assertThat(sent.traceparent()).isEqualTo("00-" + traceId + "-" + producer.context().spanId() + "-01");

        AtomicReference<String> traceInHandler = new AtomicReference<>();
        AtomicReference<Envelope> writtenByHandler = new AtomicReference<>();
        String next = "n-" + UUID.randomUUID();
        Consumer<Message<byte[]>> consumer = EventHandlers.of(Topics.REGISTRY_EVENTS, "observability-probe", inbox)
                .on(PersonRegistered.class, event -> Mono.fromRunnable(
                                () -> traceInHandler.set(tracer.currentSpan().context().traceId()))
                        // Assembled after the inbox's database call, on another thread, as a service's effect is.
                        .then(Mono.defer(() -> outbox.append(ProbeApplication.person(next), next)))
                        .doOnNext(writtenByHandler::set))
                .consumer();
        consumer.accept(MessageBuilder.withPayload(Contracts.mapper().writeValueAsBytes(sent)).build());

        assertThat(traceInHandler).as("the handler runs inside the continued trace").hasValue(traceId);
        assertThat(writtenByHandler.get().traceparent()).as("an event the consumer writes continues the trace")
                .startsWith("00-" + traceId + "-");
        tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
        assertThat(spans.finished).anySatisfy(span -> {
            assertThat(span.getName()).isEqualTo("consume " + Topics.REGISTRY_EVENTS);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getTraceId()).isEqualTo(traceId);
            assertThat(span.getParentSpanId()).isEqualTo(producer.context().spanId());
        });
    }

    @Test
    void aRequestsTraceReachesItsEventAndItsCorrelationIdEveryLogLine(CapturedOutput output) {
        String traceId = hex(16);
        String correlationId = "corr-" + hex(4);
        Map<?, ?> created = web.post().uri("/probe/things").headers(h -> {
                    h.setBearerAuth(TestJwt.agency("320500"));
                    h.set("traceparent", "00-" + traceId + "-" + hex(8) + "-01");
                    h.set("X-Correlation-Id", correlationId);
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "t-" + hex(4), "amountFen", 1))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String eventId = String.valueOf(created.get("eventId"));

        String envelope = db.sql("select envelope from outbox where event_id = :e")
                .bind("e", UUID.fromString(eventId)).map(row -> row.get(0, String.class)).one().block();
        assertThat(envelope).contains("\"traceparent\":\"00-" + traceId + "-");
        String line = output.getOut().lines().filter(l -> l.contains("probe thing " + eventId + " created"))
                .findFirst().orElseThrow();
        assertThat(line).contains(traceId).contains(correlationId);
    }

    @Test
    void aPoisonMessageIsCountedAsParked() {
        Consumer<Message<byte[]>> consumer = EventHandlers.of(Topics.REGISTRY_EVENTS, "observability-probe", inbox)
                .on(PersonRegistered.class, event -> Mono.empty()).consumer();
        double before = failures("poison");

        assertThatThrownBy(() -> consumer.accept(MessageBuilder.withPayload("not an envelope".getBytes()).build()))
                .isInstanceOf(PoisonMessage.class);

        assertThat(failures("poison")).isEqualTo(before + 1);
    }

    @Test
    void theOutboxAgeGaugeReadsTheRealSchemaAndABrokenQueryKeepsNaN() {
        gauges.refresh().block();
        assertThat(meters.get("mesh.outbox.oldest.age").gauge().value()).isNotNaN().isGreaterThanOrEqualTo(0);

        SimpleMeterRegistry own = new SimpleMeterRegistry();
        DatabaseGauges probe = new DatabaseGauges(db, own, Duration.ofHours(1))
                .gauge("probe.broken", "a query that fails", "select count(*) from no_such_table")
                .gauge("probe.answer", "a query that works", "select 42");
        probe.refresh().block();
        assertThat(own.get("probe.broken").gauge().value()).isNaN();
        assertThat(own.get("probe.answer").gauge().value()).isEqualTo(42.0);
    }

    private double failures(String kind) {
        var counter = meters.find(ConsumedTrace.FAILURES).tags("topic", Topics.REGISTRY_EVENTS, "kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return HexFormat.of().formatHex(b);
    }
}
