package cn.mutualaid.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay tuning: how often it polls when not nudged, how long after a commit's nudge it starts a pass
 * ({@code nudgeDelay}: the nudges of that window share one pass; 0 starts one at once, as before), batch size, how long
 * sent rows are kept (then {@link MessagingPurge} deletes them); how it sends:
 * {@code producer} (a batch handed to a Kafka producer at once, which lingers {@code linger} to fill its requests, and
 * waits at most {@code ackTimeout} for the broker) or {@code bridge} (one synchronous send per row through Spring Cloud
 * Stream, as before batching; kept to compare).
 */
@ConfigurationProperties("mesh.outbox")
public record OutboxProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("1d") Duration retention,
        @DefaultValue("producer") Sender sender,
        @DefaultValue("5ms") Duration linger,
        @DefaultValue("30s") Duration ackTimeout,
        @DefaultValue("0ms") Duration nudgeDelay) {

    public enum Sender { PRODUCER, BRIDGE }
}
