package cn.mutualaid.relation.relationship.api;

import cn.mutualaid.relation.relationship.RelationExplainer.Explanation;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** POST /relations/explain's answer; {@code code}, {@code status} and {@code scope} appear only when they apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ExplanationView(boolean allowed, String code, String status, String scope, List<CheckView> checks) {

    /** A fact may be null (a province's default policy has no "since"); it is shown as null, not left out. */
    record CheckView(String rule, boolean passed, @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> facts) {
    }

    static ExplanationView of(Explanation e) {
        return new ExplanationView(e.allowed(), e.code(), e.status() == null ? null : e.status().name(),
                e.scope() == null ? null : e.scope().name(),
                e.checks().stream().map(c -> new CheckView(c.rule(), c.passed(), c.facts())).toList());
    }
}
