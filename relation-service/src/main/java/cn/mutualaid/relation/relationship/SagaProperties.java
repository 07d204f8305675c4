package cn.mutualaid.relation.relationship;

import cn.mutualaid.relation.relationship.domain.DissolutionSaga;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Saga timing: ReleaseQuota re-send backoff, when a waiting saga counts as stuck, how often the scheduler looks. */
@ConfigurationProperties("mesh.saga")
public record SagaProperties(
        @DefaultValue("2s") Duration retryInitial,
        @DefaultValue("2.0") double retryMultiplier,
        @DefaultValue("1m") Duration retryMax,
        @DefaultValue("5m") Duration stuckAfter,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("100") int batchSize) {

    public DissolutionSaga.Backoff backoff() {
        return new DissolutionSaga.Backoff(retryInitial, retryMultiplier, retryMax);
    }
}
