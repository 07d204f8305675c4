package cn.mutualaid.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Outbox relay tuning: how often it polls when not nudged, batch size, how long sent rows are kept. */
@ConfigurationProperties("mesh.outbox")
public record OutboxProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("1d") Duration retention) {
}
