package cn.mutualaid.registry.transfer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param expiresAfter how long a request filed by the target area stays open without an answer
 * @param sweepBatch the most requests one sweep expires (the next sweep takes the rest)
 */
@ConfigurationProperties("mesh.registry.transfer")
public record TransferProperties(@DefaultValue("30d") Duration expiresAfter, @DefaultValue("200") int sweepBatch) {
}
