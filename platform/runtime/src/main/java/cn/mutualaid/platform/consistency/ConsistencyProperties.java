package cn.mutualaid.platform.consistency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a request carrying Mesh-Await may wait for this service to see its events, and how often it looks. The
 * wait is short on purpose: past it the client is told to retry (503), rather than holding a connection open.
 */
@ConfigurationProperties("mesh.consistency")
public record ConsistencyProperties(
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("25ms") Duration pollInterval) {
}
