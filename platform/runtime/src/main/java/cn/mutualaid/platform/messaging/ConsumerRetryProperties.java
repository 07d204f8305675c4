package cn.mutualaid.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a consumer retries a message that failed for a reason other than poison (a database or broker outage): for
 * ever, initial, initial × multiplier, ... at most maxInterval apart. The cap stays far below the consumer's
 * max.poll.interval.ms, so a waiting consumer keeps its partitions.
 */
@ConfigurationProperties("mesh.messaging.retry")
public record ConsumerRetryProperties(
        @DefaultValue("200ms") Duration initialInterval,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("10s") Duration maxInterval) {
}
