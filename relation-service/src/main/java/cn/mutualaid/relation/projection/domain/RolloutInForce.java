package cn.mutualaid.relation.projection.domain;

import java.time.Instant;
import java.util.List;

/**
 * The rollout policy in force in one pooling area at one instant, where it comes from and since when ({@code since}
 * is null for the default, which was never announced).
 */
public record RolloutInForce(String area, RolloutPolicy policy, Source source, Instant since) {

    /** AREA: the area's own setting; PROVINCE: its province's (xx0000); DEFAULT: neither ever announced one. */
    public enum Source { AREA, PROVINCE, DEFAULT }

    /** One announced change: the code it names (an area or a province) and the policy from {@code effectiveFrom}. */
    public record Step(String code, RolloutPolicy policy, Instant effectiveFrom) {
    }

    /**
     * The area's own latest step wins over its province's latest; without either, the default. {@code latest} holds at
     * most one step per code, each the latest that took effect by the instant asked about.
     */
    public static RolloutInForce resolve(String area, String province, List<Step> latest) {
        return latest.stream().filter(s -> s.code().equals(area)).findFirst()
                .map(s -> new RolloutInForce(area, s.policy(), Source.AREA, s.effectiveFrom()))
                .or(() -> latest.stream().filter(s -> s.code().equals(province)).findFirst()
                        .map(s -> new RolloutInForce(area, s.policy(), Source.PROVINCE, s.effectiveFrom())))
                .orElseGet(() -> defaultFor(area));
    }

    public static RolloutInForce defaultFor(String area) {
        return new RolloutInForce(area, RolloutPolicy.DEFAULT, Source.DEFAULT, null);
    }
}
