package cn.mutualaid.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Keeps every span the application under test finishes, for tests that follow a trace ({@code @Import} it, autowire
 * it, read {@link #finished}). The tracer provider exports to it besides any OTLP exporter.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CollectedSpans {
    public final List<SpanData> finished = new CopyOnWriteArrayList<>();

    @Bean
    SpanExporter collectingExporter() {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                finished.addAll(batch);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }
}
