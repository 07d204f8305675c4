package cn.mutualaid.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long an inbox record is kept, and how the purge runs ({@link MessagingPurge}); sent outbox rows are kept for
 * {@code mesh.outbox.retention}. An inbox record must outlive every possible redelivery of its event, so keep it
 * longer than the topics' retention (7 days in the launcher's broker and in k8s/): a consumer group reset to the
 * earliest offset then still finds every event it already applied.
 */
@ConfigurationProperties("mesh.messaging.retention")
public record RetentionProperties(
        @DefaultValue("8d") Duration inbox,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("5000") int chunk) {
}
