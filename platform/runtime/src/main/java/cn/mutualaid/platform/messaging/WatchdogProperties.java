package cn.mutualaid.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumer watchdog ({@link ConsumerWatchdog}): every {@code interval} it compares each binding's group offsets
 * with the topic's; events waiting on a partition whose committed offset has not moved for {@code stallAfter} make the
 * partition stalled. Well above a rebalance (the session timeout is 10 s) and a batch's time.
 */
@ConfigurationProperties("mesh.messaging.watchdog")
public record WatchdogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration interval,
        @DefaultValue("30s") Duration stallAfter) {
}
