package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.PaymentCaptured;
import cn.mutualaid.settlement.WalletFeed;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.testing.CollectedSpans;
import cn.mutualaid.testing.MeshTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;

/** A captured payment's clearing line is booked in the payment's trace, read from the envelope's traceparent. */
@MeshTest
@Import(CollectedSpans.class)
class PaymentTraceIT {
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;
    @Autowired SdkTracerProvider tracerProvider;
    @Autowired CollectedSpans spans;


    @Test
    void theClearingLineOfAPaymentIsInThePaymentsTrace() {
        WalletFeed feed = new WalletFeed(bridge, db);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e" + Integer.toHexString(0x1000 + (int) (Math.random() * 0xefff));
        String parentSpan = "00f067aa0ba902b7";
        Envelope untraced = feed.capture("pay-" + UUID.randomUUID(), PaymentCategory.RETAIL_PHARMACY, Instant.now(),
                new Share("320500", "410100", 1_000)).envelope();
        Envelope traced = Envelope.wrap(untraced.eventId(), untraced.payloadAs(PaymentCaptured.class),
                untraced.aggregateId(), untraced.occurredAt(), "00-" + traceId + "-" + parentSpan + "-01");

        feed.send(traced);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
            assertThat(spans.finished).anySatisfy(span -> {
                assertThat(span.getName()).isEqualTo("consume wallet.events");
                assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(span.getTraceId()).isEqualTo(traceId);
                assertThat(span.getParentSpanId()).isEqualTo(parentSpan);
            });
        });
    }
}
